"""Budget monitoring by the community commission (Law art. 39-3 p. 4, Order 405)."""
