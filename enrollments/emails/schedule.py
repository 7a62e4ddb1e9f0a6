"""Local-time rules for progress emails. Pure functions over aware datetimes and zoneinfo."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import reduce
from operator import or_
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def in_send_window(*, now: datetime, zone_name: str, preferred_hour: int, window_hours: int | None = None) -> bool:
    """True during the learner's preferred local hour and the hour(s) after it, same local day.

    The window (EMAIL_SEND_WINDOW_HOURS, default 2) covers a beat tick missed at the top of
    the hour and the hour a spring-forward DST change skips; the period key keeps the
    repeated hour of a fall-back change from sending twice.
    """
    window = window_hours or settings.EMAIL_SEND_WINDOW_HOURS
    local = now.astimezone(zone(zone_name))
    return 0 <= local.hour - preferred_hour < window


def send_window_filter(
    *, now: datetime, zone_names: Iterable[str], prefix: str = "", local_day: Callable[[datetime], bool] | None = None
) -> Q | None:
    """A filter on users whose send window is open now, built from the time zones in use.

    One clause per distinct local hour (at most 24), so the database does the matching and
    DST is handled by zoneinfo. `local_day` narrows to zones whose local date qualifies
    (say, Monday). Returns None when no zone qualifies.
    """
    window = settings.EMAIL_SEND_WINDOW_HOURS
    by_hour: dict[int, list[str]] = defaultdict(list)
    for name in zone_names:
        local = now.astimezone(zone(name))
        if local_day is None or local_day(local):
            by_hour[local.hour].append(name)
    clauses = [
        Q(**{f"{prefix}timezone__in": names, f"{prefix}preferred_hour__in": [h - k for k in range(window) if h >= k]})
        for h, names in by_hour.items()
    ]
    return reduce(or_, clauses) if clauses else None


def local_date_key(now: datetime, zone_name: str) -> str:
    return now.astimezone(zone(zone_name)).date().isoformat()


def iso_week_key(now: datetime, zone_name: str) -> str:
    year, week, _ = now.astimezone(zone(zone_name)).isocalendar()
    return f"{year}-W{week:02d}"
