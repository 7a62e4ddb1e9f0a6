"""Sign-in abuse: stop the attacker, not the account's owner.

Three rules, for the API (`POST /api/v1/auth/token/`) and the admin login alike:

1. Pair lock (django-axes): AXES_FAILURE_LIMIT failures for one account from one client address
   lock that pair for AXES_COOLOFF_TIME. The owner signing in from elsewhere is not affected.
2. Address throttle: SIGNIN_ADDRESS_FAILURE_LIMIT failures from one address, whatever the
   accounts, within SIGNIN_WINDOW_SECONDS refuse every sign-in from that address until the
   window ends.
3. Account slow-down: past SIGNIN_ACCOUNT_FAILURE_LIMIT failures on one account from any
   addresses within the window, each further failure makes that account wait
   SIGNIN_ACCOUNT_DELAY_SECONDS before the next try, except from an address it has signed in
   from before (remembered for SIGNIN_KNOWN_ADDRESS_DAYS), so the owner is never locked out.

Every refusal is a 429 with Retry-After. Counters live in the cache (CACHE_URL: share it between
processes in production); accounts and addresses are hashed in cache keys, never stored as is.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.db.models import Max
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone

from courseplatform.exceptions import error_body


def lockout_username(request, credentials: dict | None) -> str | None:
    """The email tried, from the API (email=) or the admin login form (username=)."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None and hasattr(request, "POST"):
        value = request.POST.get("username") or request.POST.get("email")
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the address our own proxy saw (DJANGO_BEHIND_PROXY).
    The same rule as the API's throttles (NUM_PROXIES), so a forged X-Forwarded-For changes nothing."""
    meta = getattr(request, "META", {})
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "") if settings.BEHIND_PROXY else ""
    if forwarded:
        return forwarded.split(",")[-1].strip()[:64]
    return str(meta.get("REMOTE_ADDR", ""))[:64]


def client_str(username, ip_address, user_agent, path_info, request) -> str:
    """What django-axes writes in its log lines: no email address, only the path."""
    return f"{{path: {path_info!r}}}"


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    retry_after: int  # seconds


def _digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:24]


def _window() -> tuple[int, int]:
    """The current fixed window's start and the whole seconds left in it."""
    size = settings.SIGNIN_WINDOW_SECONDS
    now = time.time()
    start = int(now // size) * size
    return start, max(1, math.ceil(start + size - now))


def _count_key(kind: str, value: str) -> str:
    return f"signin:{kind}:{_digest(value)}:{_window()[0]}"


def _count(kind: str, value: str) -> int:
    return cache.get(_count_key(kind, value), 0)


def _increment(kind: str, value: str) -> int:
    key = _count_key(kind, value)
    cache.add(key, 0, timeout=settings.SIGNIN_WINDOW_SECONDS + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.SIGNIN_WINDOW_SECONDS + 5)
        return 1


def _known_key(account: str, address: str) -> str:
    return f"signin:known:{_digest(account)}:{_digest(address)}"


def _slow_key(account: str) -> str:
    return f"signin:slow:{_digest(account)}"


def signin_refusal(request, account: str | None) -> Refusal | None:
    """Why a sign-in from this request must not even be tried now (rules 2 and 3), or None."""
    address = client_address(request)
    if _count("address", address) >= settings.SIGNIN_ADDRESS_FAILURE_LIMIT:
        return Refusal("throttled", "Too many failed sign-ins from your network. Try again later.", _window()[1])
    if account and not cache.get(_known_key(account, address)):
        until = cache.get(_slow_key(account))
        if until and until > time.time():
            return Refusal(
                "throttled",
                "Too many failed sign-ins for this account from many places. Try again in a moment.",
                max(1, math.ceil(until - time.time())),
            )
    return None


def pair_lock_retry_after(request, account: str | None) -> int:
    """Seconds left on the axes lock of (account, this address)."""
    last = AccessAttempt.objects.filter(username=account, ip_address=client_address(request)).aggregate(
        last=Max("attempt_time")
    )["last"]
    if last is None or not settings.AXES_COOLOFF_TIME:
        return math.ceil(settings.AXES_COOLOFF_TIME.total_seconds()) if settings.AXES_COOLOFF_TIME else 3600
    left = (last + settings.AXES_COOLOFF_TIME - timezone.now()).total_seconds()
    return max(1, math.ceil(left))


def pair_lock_refusal(request, account: str | None) -> Refusal:
    seconds = pair_lock_retry_after(request, account)
    minutes = max(1, math.ceil(seconds / 60))
    return Refusal(
        "locked_out",
        f"Too many failed sign-ins for this account from your address. Try again in {minutes} minutes.",
        seconds,
    )


@receiver(user_login_failed, dispatch_uid="signin_failure_count")
def _record_failure(sender, credentials, request=None, **kwargs) -> None:
    if request is None or getattr(request, "axes_locked_out", False):
        return  # refused before the password was checked: not a guess
    address = client_address(request)
    _increment("address", address)
    account = lockout_username(request, credentials)
    if account and _increment("account", account) > settings.SIGNIN_ACCOUNT_FAILURE_LIMIT:
        delay = settings.SIGNIN_ACCOUNT_DELAY_SECONDS
        cache.set(_slow_key(account), time.time() + delay, timeout=delay)


@receiver(user_logged_in, dispatch_uid="signin_known_address")
def _remember_address(sender, request, user, **kwargs) -> None:
    if request is not None:
        days = settings.SIGNIN_KNOWN_ADDRESS_DAYS
        cache.set(_known_key(user.get_username().lower(), client_address(request)), 1, timeout=days * 86400)


def _refusal_response(request, refusal: Refusal) -> HttpResponse:
    headers = {"Retry-After": str(refusal.retry_after)}
    if request.path.startswith("/api/"):
        body = error_body(status_code=429, code=refusal.code, message=refusal.message, retry_after=refusal.retry_after)
        return JsonResponse(body, status=429, headers=headers)
    return HttpResponse(refusal.message, status=429, headers=headers, content_type="text/plain; charset=utf-8")


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the admin's answer to a locked (account, address) pair."""
    return _refusal_response(request, pair_lock_refusal(request, lockout_username(request, credentials)))


class AdminSignInGuardMiddleware:
    """Rules 2 and 3 for the admin login form, which has no throttle of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The suffix first: reverse() on every API POST costs more than the check it guards.
        if request.method == "POST" and request.path.endswith("/login/") and request.path == reverse("admin:login"):
            refusal = signin_refusal(request, lockout_username(request, None))
            if refusal is not None:
                return _refusal_response(request, refusal)
        return self.get_response(request)
