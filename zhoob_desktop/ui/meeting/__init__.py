"""The screens of a sitting: preparation, the live console, the projector window."""
