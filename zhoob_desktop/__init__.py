"""Zhoob Desktop: local self-government (ЖӨӨБ) of a rural okrug, offline."""

__version__ = "0.1.0"
APP_NAME = "Zhoob Desktop"
APP_ID = "zhoob-desktop"
