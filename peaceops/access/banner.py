"""The page marking: the highest level and the union of compartments of what is on screen."""

from dataclasses import dataclass

from .models import level_code, level_label

LEVEL_STYLES = {0: "unclassified", 1: "confidential", 2: "secret", 3: "top-secret"}


@dataclass(frozen=True)
class PageMarking:
    level: int
    compartments: tuple[str, ...]

    @property
    def label(self) -> str:
        return " // ".join([level_label(self.level).upper(), *self.compartments])

    @property
    def level_text(self) -> str:
        return level_label(self.level).upper()

    @property
    def code(self) -> str:
        return level_code(self.level)

    def merge(self, other: "PageMarking") -> "PageMarking":
        return PageMarking(max(self.level, other.level), tuple(sorted(set(self.compartments) | set(other.compartments))))

    @property
    def style(self) -> str:
        return LEVEL_STYLES.get(self.level, "top-secret")


def page_marking(objects) -> PageMarking:
    level, compartments = 0, set()
    for obj in objects:
        if obj is None or not hasattr(obj, "effective_level"):
            continue
        level = max(level, obj.effective_level())
        compartments.update(obj.compartments)
    return PageMarking(level, tuple(sorted(compartments)))
