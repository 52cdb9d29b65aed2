"""Demo: A rotation planned, compared and published (planning app)."""


def load(actor) -> dict:
    """Load this part of the demo idempotently; returns counts of what was created."""
    return {}
