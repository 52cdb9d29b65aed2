from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import throttle
from .signin_audit import record_sign_in


class ThrottledLoginForm(AuthenticationForm):
    """Sign-in form that refuses further tries after repeated failures (same message either way)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _("Too many failed sign-in attempts. Wait %(minutes)d minutes and try again."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        if throttle.is_locked(username, ip):
            record_sign_in(username=username, outcome="locked", ip=ip)
            minutes = settings.LOGIN_THROTTLE["window_seconds"] // 60
            raise forms.ValidationError(self.error_messages["locked"], code="locked", params={"minutes": minutes})
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.register_failure(username, ip)
            record_sign_in(username=username, outcome="failed", ip=ip)
            raise
        throttle.clear(username, ip)
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code from your authenticator app"), max_length=12,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "autofocus": True, "class": "form-control mono"}))
