from django.contrib.auth import views as auth_views

from peaceops.access.views import PublicViewMixin

from .forms import ThrottledLoginForm


class LoginView(PublicViewMixin, auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True


class LogoutView(PublicViewMixin, auth_views.LogoutView):
    pass
