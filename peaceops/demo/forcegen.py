"""Demo: Force generation: requirements, pledges, rotations, deployments and strength returns (missions app)."""


def load(actor) -> dict:
    """Load this part of the demo idempotently; returns counts of what was created."""
    return {}
