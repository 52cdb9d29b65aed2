from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.VerifyCodeView.as_view(), name="verify"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("security/", views.SecurityView.as_view(), name="security"),
]
