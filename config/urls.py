from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from organisations import forms as account_forms
from organisations import views as organisation_views
from sso import views as sso_views

accounts = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=account_forms.LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    # Django's logout, which then offers the identity provider's logout after an SSO login.
    path("logout/", sso_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        organisation_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=account_forms.PasswordResetForm),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=account_forms.SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", organisation_views.home, name="home"),
    path("accounts/", include(accounts)),
    path("accounts/tweestaps/", include("twofactor.urls")),
    path("accounts/sso/", include("sso.urls")),
    path("api/", include("api.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", organisation_views.healthz, name="healthz"),
    path("readyz", organisation_views.readyz, name="readyz"),
    path("", include("organisations.urls")),
    path("visie-en-programma/", include("transformation.urls")),
    path("adoptie/", include("adoption.urls")),
    path("inclusie/", include("inclusion.urls")),
    path("rapportages/", include("reports.urls")),
    path("privacy/", include("privacy.urls")),
    path("admin/", admin.site.urls),
]

# A fault's page; 503 while the database is away (organisations.views.server_error).
handler500 = "organisations.views.server_error"
