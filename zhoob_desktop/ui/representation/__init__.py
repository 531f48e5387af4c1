"""Screens of representation at the gathering and of the members' initiatives."""
