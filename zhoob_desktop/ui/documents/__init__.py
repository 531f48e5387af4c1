"""Preview and printing of the protocol and the papers of a sitting."""
