"""The later parts of the demo, in the order they depend on each other (each module has `load(actor) -> dict`)."""

from importlib import import_module

STEPS = ["forcegen", "training", "partners", "planning", "logistics", "welfare", "legal"]


def load_extensions(actor) -> dict:
    """Run every step under the caller's system scope; returns {step: counts}."""
    return {step: import_module(f"peaceops.demo.{step}").load(actor) for step in STEPS}
