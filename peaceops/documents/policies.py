from peaceops.access.policies import ClassifiedPolicy, register

from .models import Attachment, Document, Lesson, Portion

LIBRARIANS = frozenset({"admin", "planner", "legal", "liaison", "training", "logistics", "medical", "personnel"})


@register(Document)
class DocumentPolicy(ClassifiedPolicy):
    roles = {
        "create": LIBRARIANS,
        "import": LIBRARIANS,
        "change": LIBRARIANS,
        "export": LIBRARIANS | {"auditor", "leader", "public_affairs"},
        "downgrade": frozenset({"declassifier"}),
    }


@register(Portion)
class PortionPolicy(ClassifiedPolicy):
    roles = {"create": LIBRARIANS, "change": LIBRARIANS, "downgrade": frozenset({"declassifier"})}


@register(Attachment)
class AttachmentPolicy(ClassifiedPolicy):
    roles = {"create": LIBRARIANS, "export": LIBRARIANS | {"auditor"}, "downgrade": frozenset({"declassifier"})}


@register(Lesson)
class LessonPolicy(ClassifiedPolicy):
    roles = {
        "create": LIBRARIANS,
        "import": LIBRARIANS,
        "change": LIBRARIANS,
        "export": LIBRARIANS | {"auditor", "leader"},
        "downgrade": frozenset({"declassifier"}),
    }
