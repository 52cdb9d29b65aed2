"""Pure rotation-planner solver core (no Django).

Entry points: :func:`solve` (exact-or-bounded planner), :func:`load_instance`,
:func:`result_to_dict`, :func:`validate` (independent checker),
:func:`explain` (reason codes), :func:`generate` (random instances),
:func:`greedy` and :func:`solve_mip` (baselines).
"""
from .explain import explain
from .generate import generate
from .greedy import greedy
from .mip import solve_mip
from .model import (
                    Candidate,
                    Instance,
                    InstanceError,
                    Pair,
                    Post,
                    Result,
                    instance_to_dict,
                    load_instance,
                    result_to_dict,
)
from .solve import solve
from .validate import validate

__all__ = ["Candidate", "Instance", "InstanceError", "Pair", "Post", "Result", "explain",
           "generate", "greedy", "instance_to_dict", "load_instance", "result_to_dict",
           "solve", "solve_mip", "validate"]
