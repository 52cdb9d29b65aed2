"""Demo: One incident with its notification workflow (welfare app)."""


def load(actor) -> dict:
    """Load this part of the demo idempotently; returns counts of what was created."""
    return {}
