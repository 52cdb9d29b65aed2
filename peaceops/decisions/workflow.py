"""The proposal state machine as data: one table, pure Python (no Django), tested on its own.

    draft → in review → recommended → decided (approved / rejected / deferred, with a revisit date)
          → implementing → closed

Each transition names the state (and, after a decision, the outcome) it leaves, the state it
enters, and the roles that may take it. `check()` answers with the transition or raises
`TransitionRefused` with a code the service turns into a translated message.
"""

from __future__ import annotations

from dataclasses import dataclass

DRAFT, IN_REVIEW, RECOMMENDED, DECIDED, IMPLEMENTING, CLOSED = (
    "draft", "in_review", "recommended", "decided", "implementing", "closed")
APPROVED, REJECTED, DEFERRED = "approved", "rejected", "deferred"
STATES = (DRAFT, IN_REVIEW, RECOMMENDED, DECIDED, IMPLEMENTING, CLOSED)
SYSTEM = "system"  # the pseudo-role of scheduled work (resurfacing)


@dataclass(frozen=True)
class Step:
    name: str
    source: str
    target: str
    roles: frozenset[str]
    source_outcome: str | None = None  # only from a decision with this outcome
    sets_outcome: str | None = None  # the decision this step records
    needs_revisit_date: bool = False
    keeps_outcome: bool = False


def _roles(*names: str) -> frozenset[str]:
    return frozenset(names)


PLANNER, LIAISON, LEADER = _roles("planner"), _roles("liaison"), _roles("leader")

TABLE: tuple[Step, ...] = (
    Step("submit", DRAFT, IN_REVIEW, PLANNER),
    Step("withdraw", IN_REVIEW, DRAFT, PLANNER),
    Step("recommend", IN_REVIEW, RECOMMENDED, LIAISON),
    Step("send_back", RECOMMENDED, IN_REVIEW, LEADER),
    Step("approve", RECOMMENDED, DECIDED, LEADER, sets_outcome=APPROVED),
    Step("reject", RECOMMENDED, DECIDED, LEADER, sets_outcome=REJECTED),
    Step("defer", RECOMMENDED, DECIDED, LEADER, sets_outcome=DEFERRED, needs_revisit_date=True),
    Step("resurface", DECIDED, IN_REVIEW, _roles(SYSTEM), source_outcome=DEFERRED),
    Step("implement", DECIDED, IMPLEMENTING, PLANNER, source_outcome=APPROVED, keeps_outcome=True),
    Step("close", IMPLEMENTING, CLOSED, PLANNER, keeps_outcome=True),
    Step("close_rejected", DECIDED, CLOSED, PLANNER, source_outcome=REJECTED, keeps_outcome=True),
)
STEPS = {step.name: step for step in TABLE}


class TransitionRefused(Exception):
    """`code` is one of: unknown, wrong_state, wrong_outcome, role, revisit_date."""

    def __init__(self, code: str, step: str, state: str, outcome: str = ""):
        self.code, self.step, self.state, self.outcome = code, step, state, outcome
        super().__init__(f"{step} refused from {state}/{outcome or '-'}: {code}")


def applies(step: Step, state: str, outcome: str = "") -> bool:
    return step.source == state and (step.source_outcome is None or step.source_outcome == outcome)


def check(name: str, *, state: str, outcome: str = "", roles: frozenset[str] | set[str] = frozenset(),
          is_system: bool = False, revisit_date_given: bool = False) -> Step:
    """The step `name` if it may be taken now by someone holding `roles`, else TransitionRefused."""
    step = STEPS.get(name)
    if step is None:
        raise TransitionRefused("unknown", name, state, outcome)
    if step.source != state:
        raise TransitionRefused("wrong_state", name, state, outcome)
    if step.source_outcome is not None and step.source_outcome != outcome:
        raise TransitionRefused("wrong_outcome", name, state, outcome)
    # The system takes only the system's steps; people take only their roles' steps.
    held = {SYSTEM} if is_system else set(roles)
    if not step.roles & held:
        raise TransitionRefused("role", name, state, outcome)
    if step.needs_revisit_date and not revisit_date_given:
        raise TransitionRefused("revisit_date", name, state, outcome)
    return step


def available(state: str, outcome: str = "", roles: frozenset[str] | set[str] = frozenset(),
              is_system: bool = False) -> list[Step]:
    """The steps this actor may take now (for the buttons on the page)."""
    result = []
    for step in TABLE:
        held = {SYSTEM} if is_system else set(roles)
        if applies(step, state, outcome) and step.roles & held:
            result.append(step)
    return result


def outcome_after(step: Step, outcome: str) -> str:
    if step.sets_outcome:
        return step.sets_outcome
    return outcome if step.keeps_outcome else ""
