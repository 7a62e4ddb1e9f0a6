"""Public addresses that leave the API: in emails, on certificates."""

from django.conf import settings
from django.urls import reverse


def certificate_url(code: str) -> str:
    """Where anyone can verify a certificate, without signing in."""
    return settings.SITE_URL + reverse("certificate-detail", kwargs={"code": code})
