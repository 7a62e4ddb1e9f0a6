from django.urls import path

from . import pages

urlpatterns = [
    path("verify-email/", pages.verify_email_page, name="account-verify-email-page"),
    path("reset-password/", pages.reset_password_page, name="account-reset-password-page"),
]
