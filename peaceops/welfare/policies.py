"""Access policies of this app's models (registered on import by the app config)."""
