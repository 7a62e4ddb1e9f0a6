from django.urls import path

from . import apis

urlpatterns = [
    path("auth/register/", apis.RegisterApi.as_view(), name="auth-register"),
    path("auth/token/", apis.TokenApi.as_view(), name="auth-token"),
    path("auth/logout/", apis.LogoutApi.as_view(), name="auth-logout"),
    path("auth/logout-all/", apis.LogoutAllApi.as_view(), name="auth-logout-all"),
    path("auth/verify-email/", apis.VerifyEmailApi.as_view(), name="auth-verify-email"),
    path("auth/verify-email/resend/", apis.VerifyEmailResendApi.as_view(), name="auth-verify-email-resend"),
    path("auth/password-reset/", apis.PasswordResetApi.as_view(), name="auth-password-reset"),
    path("auth/password-reset/confirm/", apis.PasswordResetConfirmApi.as_view(), name="auth-password-reset-confirm"),
    path("me/", apis.MeApi.as_view(), name="me"),
    path("me/export/", apis.MeExportApi.as_view(), name="me-export"),
    path("me/password/", apis.MePasswordApi.as_view(), name="me-password"),
    path("me/email/", apis.MeEmailApi.as_view(), name="me-email"),
]
