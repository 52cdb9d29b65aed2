"""Access policies of the planning app's models (registered on import by the app config)."""
