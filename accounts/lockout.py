"""Which account a sign-in attempt is for, as django-axes needs to know to lock it."""


def lockout_username(request, credentials: dict | None) -> str | None:
    """The email tried, from the API (email=) or the admin login form (username=)."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None and hasattr(request, "POST"):
        value = request.POST.get("username") or request.POST.get("email")
    return value.strip().lower() if isinstance(value, str) and value.strip() else None
