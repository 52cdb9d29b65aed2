"""Demo: The legal instruments behind the deployments, compliance and a discipline case (legal app)."""


def load(actor) -> dict:
    """Load this part of the demo idempotently; returns counts of what was created."""
    return {}
