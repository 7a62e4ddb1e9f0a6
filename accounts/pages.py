"""The small pages the links in account emails open when no FRONTEND_URL is set.

Opening a page changes nothing (mail scanners follow links): it shows a button, or a
password form, that POSTs the token from the link to the same page, which calls the same
service as the API.
"""

from django import forms
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from courseplatform.errors import ApplicationError

from .services import password_reset_confirm, user_email_verify


class TokenForm(forms.Form):
    token = forms.CharField(max_length=500, widget=forms.HiddenInput)


class PasswordResetForm(TokenForm):
    password = forms.CharField(
        max_length=1024, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


def _page(request, template: str, form: forms.Form, **context):
    response = render(request, f"accounts/pages/{template}", {"form": form, **context})
    response["Referrer-Policy"] = "no-referrer"  # the token is in this page's URL
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def verify_email_page(request):
    if request.method == "GET":
        return _page(request, "verify_email.html", TokenForm(initial={"token": request.GET.get("token", "")}))
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, "verify_email.html", form, error="This link is not complete.")
    try:
        user = user_email_verify(token=form.cleaned_data["token"])
    except ApplicationError as exc:
        return _page(request, "verify_email.html", form, error=exc.message)
    return _page(request, "verify_email.html", form, done=True, email=user.email)


@never_cache
@require_http_methods(["GET", "POST"])
def reset_password_page(request):
    if request.method == "GET":
        return _page(request, "reset_password.html", PasswordResetForm(initial={"token": request.GET.get("token", "")}))
    form = PasswordResetForm(request.POST)
    if not form.is_valid():
        return _page(request, "reset_password.html", form, error="Type a new password.")
    try:
        password_reset_confirm(token=form.cleaned_data["token"], password=form.cleaned_data["password"])
    except ApplicationError as exc:
        return _page(request, "reset_password.html", form, error=exc.message, token_error=exc.field == "token")
    return _page(request, "reset_password.html", form, done=True)
