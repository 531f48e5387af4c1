"""Budget monitoring screens."""
