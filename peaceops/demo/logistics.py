"""Demo: One hospital rotation's equipment, rates, costs, reimbursement and claims (logistics app)."""


def load(actor) -> dict:
    """Load this part of the demo idempotently; returns counts of what was created."""
    return {}
