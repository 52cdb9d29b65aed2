"""Users and their roles (with validity dates)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import RoleCode


class User(AbstractUser):
    """A PeaceOps user. Clearance lives in access.Clearance, roles in RoleAssignment."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(_("language"), max_length=5, default="vi")

    class Meta:
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.Model):
    """A job role that grants actions (see each app's policies)."""

    code = models.CharField(max_length=32, primary_key=True, choices=RoleCode.choices)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return str(RoleCode(self.code).label)


class RoleAssignment(models.Model):
    """A user holds a role from one date to another (open-ended when valid_to is empty)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "valid_from"], name="unique_role_assignment"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="role_assignment_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.role_id} from {self.valid_from}"


class TOTPDevice(models.Model):
    """A user's authenticator (time-based one-time passwords). Confirmed once the user has typed a
    first valid code; from then on sign-in asks for a code after the password."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=-1)  # the last accepted step: a code is never used twice

    class Meta:
        verbose_name = _("authenticator")

    def __str__(self) -> str:
        return f"authenticator of {self.user_id}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None
