import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from peaceops.access.banner import page_marking
from peaceops.access.views import PublicViewMixin, SecuredView
from peaceops.core.errors import ServiceError

from . import second_factor, throttle, totp
from .forms import CodeForm, ThrottledLoginForm
from .models import TOTPDevice, User
from .signin_audit import record_sign_in

PENDING = "peaceops-second-factor"


class LoginView(PublicViewMixin, auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        ip = self.request.META.get("REMOTE_ADDR", "")
        if second_factor.confirmed_device(user) is None:
            record_sign_in(username=user.username, user=user, outcome="succeeded", ip=ip)
            return super().form_valid(form)
        record_sign_in(username=user.username, user=user, outcome="password_accepted", ip=ip)
        # The password was right; the session is not signed in until the code is too.
        self.request.session[PENDING] = {"user": user.pk, "backend": user.backend, "next": self.get_success_url(),
                                         "until": time.time() + settings.TOTP_PENDING_SECONDS}
        return redirect("accounts:verify")


class VerifyCodeView(PublicViewMixin, View):
    """Second step of sign-in for users with an authenticator."""

    template_name = "accounts/verify.html"

    def pending_user(self):
        pending = self.request.session.get(PENDING)
        if not pending or pending["until"] < time.time():
            return None, None
        return User.objects.filter(pk=pending["user"], is_active=True).first(), pending

    def get(self, request):
        user, _pending = self.pending_user()
        if user is None:
            return redirect("accounts:login")
        return render(request, self.template_name, {"form": CodeForm(), "page_marking": page_marking([])})

    def post(self, request):
        user, pending = self.pending_user()
        if user is None:
            return redirect("accounts:login")
        form = CodeForm(request.POST)
        ip = request.META.get("REMOTE_ADDR", "")
        if throttle.is_locked(user.username, ip):
            form.add_error(None, _("Too many failed sign-in attempts. Wait %(minutes)d minutes and try again.")
                           % {"minutes": settings.LOGIN_THROTTLE["window_seconds"] // 60})
        elif form.is_valid() and second_factor.totp_check_sign_in(user=user, code=form.cleaned_data["code"]):
            throttle.clear(user.username, ip)
            del request.session[PENDING]
            login(request, user, backend=pending["backend"])
            target = pending["next"]
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = settings.LOGIN_REDIRECT_URL
            return redirect(target)
        else:
            throttle.register_failure(user.username, ip)
            if form.is_valid():
                form.add_error("code", _("That code is not right. Check the time on your device and try again."))
        return render(request, self.template_name, {"form": form, "page_marking": page_marking([])})


class SecurityView(SecuredView):
    """The signed-in user's own sign-in security: set up or turn off the authenticator."""

    template_name = "accounts/security.html"

    def context(self, **extra):
        device = TOTPDevice.objects.filter(user=self.request.user).first()
        context = {"device": device, "may_use": second_factor.may_use_second_factor(self.actor),
                   "form": CodeForm(), "page_marking": page_marking([])}
        if device is not None and not device.confirmed:
            context["secret"] = totp.grouped(device.secret)
            context["uri"] = totp.provisioning_uri(device.secret, account=self.request.user.username)
        return {**context, **extra}

    def get(self, request):
        return render(request, self.template_name, self.context())

    def post(self, request):
        step = request.POST.get("step")
        form = CodeForm(request.POST) if step in ("confirm", "disable") else CodeForm()
        try:
            if step == "begin":
                second_factor.totp_begin(actor=self.actor)
            elif step in ("confirm", "disable") and form.is_valid():
                code = form.cleaned_data["code"]
                if step == "confirm":
                    second_factor.totp_confirm(actor=self.actor, code=code)
                    messages.success(request, _("Your authenticator is set up. Sign-in will now ask for a code."))
                else:
                    second_factor.totp_disable(actor=self.actor, code=code)
                    messages.success(request, _("Your authenticator is turned off."))
            else:
                return render(request, self.template_name, self.context(form=form), status=400)
        except ServiceError as error:
            form.add_error("code" if error.field == "code" else None, str(error.message))
            return render(request, self.template_name, self.context(form=form), status=400)
        return redirect("accounts:security")


class LogoutView(PublicViewMixin, auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # Whatever the browser kept of classified pages (cache, HTMX history in session storage) goes too.
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
