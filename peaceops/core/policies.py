"""Who sees a background job: the user who started it, and auditors and administrators (audit trail)."""

from peaceops.access.policies import Policy, register

from .models import Job


@register(Job)
class JobPolicy(Policy):
    """Jobs are only read through this policy; they are written by `core.jobs`, never by a view."""

    readers = frozenset({"auditor", "admin"})

    def allows_action(self, actor, action):
        if action != "view":
            return False
        return super().allows_action(actor, action)

    def base_queryset(self, actor):
        jobs = Job.objects.all()
        if actor.has_role(*self.readers):
            return jobs
        return jobs.filter(created_by_id=actor.user_id) if actor.user_id is not None else jobs.none()
