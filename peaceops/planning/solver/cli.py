"""Command line: ``python -m peaceops.planning.solver.cli solve FILE --json``.

``run(argv, stdin, stdout) -> int``:

* ``solve FILE [--json] [--time-limit S] [--locked FILE] [--previous FILE]
  [--solver lp|greedy|mip] [--explain] [--validate]`` -- FILE is an instance
  JSON (``-`` = stdin).  ``--locked``: JSON list of [candidate, post];
  ``--previous``: such a list or a result JSON (one written with ``--warm``
  carries LP duals: faster re-plan).  ``--json`` prints the result JSON (see
  :mod:`.solve`), ``explain``/``violations`` added on request; otherwise a
  one-line summary.
* ``generate N_CANDIDATES N_POSTS [--seed S] [--pairs K] [--groups G]
  [--women-share W] [--target T] [--units U] [--max-per-unit K]`` prints an
  instance JSON.

Exit codes: 0 plan produced (optimal/feasible), 1 infeasible or timeout,
2 bad usage or malformed input.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys

from .explain import explain
from .generate import generate
from .greedy import greedy
from .mip import solve_mip
from .model import InstanceError, instance_to_dict, load_instance, result_to_dict
from .solve import solve
from .validate import validate


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="planner", description="Rotation planner")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("solve", help="solve an instance JSON file")
    s.add_argument("file")
    s.add_argument("--json", action="store_true")
    s.add_argument("--time-limit", type=float, default=10.0)
    s.add_argument("--locked")
    s.add_argument("--previous")
    s.add_argument("--solver", choices=["lp", "greedy", "mip"], default="lp")
    s.add_argument("--explain", action="store_true")
    s.add_argument("--validate", action="store_true")
    s.add_argument("--warm", action="store_true", help="add LP duals for a fast re-plan")
    g = sub.add_parser("generate", help="print a random instance JSON")
    g.add_argument("n_candidates", type=int)
    g.add_argument("n_posts", type=int)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--pairs", type=int, default=30)
    g.add_argument("--groups", type=int, default=10)
    g.add_argument("--women-share", type=float, default=0.12)
    g.add_argument("--target", type=float, default=0.15)
    g.add_argument("--units", type=int, default=0, help="home units (0: none)")
    g.add_argument("--max-per-unit", type=int, default=None, help="home-unit cap")
    return ap


@contextlib.contextmanager
def _native_stdout_to_stderr():
    """HiGHS 1.12 prints a debug line straight to file descriptor 1 on some MIPs;
    keep the JSON on stdout clean by pointing fd 1 at stderr while solving."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
        os.dup2(2, 1)
    except (OSError, ValueError, AttributeError):
        yield
        return
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _read(path: str, stdin):
    if path == "-":
        return json.load(stdin)
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def run(argv=None, stdin=None, stdout=None) -> int:
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    try:
        args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return 2 if exc.code else 0
    if args.cmd == "generate":
        inst = generate(args.n_candidates, args.n_posts, pairs_per_candidate=args.pairs,
                        groups=args.groups, women_share=args.women_share,
                        target=args.target, seed=args.seed, units=args.units,
                        max_per_unit=args.max_per_unit)
        json.dump(instance_to_dict(inst), stdout)
        stdout.write("\n")
        return 0
    try:
        inst = load_instance(_read(args.file, stdin))
        locked = [tuple(x) for x in _read(args.locked, stdin)] if args.locked else []
        previous = _read(args.previous, stdin) if args.previous else None
        if isinstance(previous, list):  # plain [[candidate, post], ...]
            previous = [tuple(x) for x in previous]
    except (OSError, ValueError, InstanceError, TypeError) as exc:
        json.dump({"error": str(exc)}, stdout)
        stdout.write("\n")
        return 2
    with _native_stdout_to_stderr():
        if args.solver == "greedy":
            res = greedy(inst, locked=locked, previous=previous)
        elif args.solver == "mip":
            res = solve_mip(inst, time_limit=args.time_limit, locked=locked, previous=previous)
        else:
            res = solve(inst, time_limit=args.time_limit, locked=locked, previous=previous)
    out = result_to_dict(res, warm=args.warm)
    if args.explain:
        out["explain"] = explain(inst, res, locked)
    if args.validate:
        out["violations"] = validate(inst, res, locked)
    if args.json:
        json.dump(out, stdout)
        stdout.write("\n")
    else:
        gap = "-" if res.gap is None else f"{100 * res.gap:.4f}%"
        stdout.write(f"{res.status} objective={res.objective} bound={res.bound} gap={gap} "
                     f"filled={len(res.assignment)}/{len(inst.posts)} "
                     f"seconds={res.seconds:.3f}\n")
    return 0 if res.status in ("optimal", "feasible") else 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(run())
