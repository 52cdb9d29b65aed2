"""PeaceOps: peace operations management for a national peacekeeping department."""

__version__ = "0.1.0"
