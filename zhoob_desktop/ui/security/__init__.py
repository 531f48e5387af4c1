"""Log-in, set-up of a new data folder, encryption of an old one, the idle lock, rights on screen."""
