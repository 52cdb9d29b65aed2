"""Demo: Partner offers, requests and deliveries (partners app)."""


def load(actor) -> dict:
    """Load this part of the demo idempotently; returns counts of what was created."""
    return {}
