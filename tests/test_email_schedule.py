"""Property tests: progress emails go out in the learner's preferred local hour, once per period,
whatever the time zone and across DST changes."""

import datetime as dt
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from enrollments.emails.schedule import in_send_window, local_date_key, send_window_filter

ZONES = sorted(available_timezones() - {"Factory", "localtime"})
# Zones with DST changes and odd offsets, so every run exercises them.
TRICKY = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns"]

zones = st.one_of(st.sampled_from(TRICKY), st.sampled_from(ZONES))
instants = st.datetimes(
    min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31), timezones=st.just(dt.UTC)
)
hours = st.integers(min_value=0, max_value=23)
TICK = dt.timedelta(minutes=5)


def _ticks(start: dt.datetime, days: int):
    now = start
    while now < start + dt.timedelta(days=days):
        yield now
        now += TICK


@settings(max_examples=150, deadline=None)
@given(zone=zones, start=instants, hour=hours)
def test_daily_email_goes_out_once_per_local_day_in_the_preferred_hour(zone, start, hour):
    sent_days: dict[str, dt.datetime] = {}
    for now in _ticks(start, days=3):
        if not in_send_window(now=now, zone_name=zone, preferred_hour=hour):
            continue
        sent_days.setdefault(local_date_key(now, zone), now)  # the unique key: once per day
    local_days = {(start + dt.timedelta(days=d)).astimezone(ZoneInfo(zone)).date() for d in range(1, 3)}
    for day in local_days:
        # Every full local day in the run gets its email...
        assert day.isoformat() in sent_days
    for first in sent_days.values():
        local = first.astimezone(ZoneInfo(zone))
        # ...sent in the preferred hour, or the hour right after it when the preferred hour was
        # skipped by DST (or the run started inside the window).
        assert hour <= local.hour < hour + 2


@settings(max_examples=60, deadline=None)
@given(zone=zones, start=instants, hour=hours)
def test_the_preferred_hour_always_opens_the_window_when_it_exists(zone, start, hour):
    local = start.astimezone(ZoneInfo(zone))
    candidate = local.replace(hour=hour, minute=30, fold=0)
    instant = candidate.astimezone(dt.UTC)
    if instant.astimezone(ZoneInfo(zone)).hour != hour:
        return  # this local hour does not exist today (spring forward)
    assert in_send_window(now=instant, zone_name=zone, preferred_hour=hour)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zone=zones, now=instants, hour=hours)
def test_database_filter_matches_the_python_rule(zone, now, hour):
    user = User.objects.create(
        email=f"tz-{abs(hash((zone, now, hour)))}@example.com", timezone=zone, preferred_hour=hour
    )
    window = send_window_filter(now=now, zone_names=[zone])
    matched = window is not None and User.objects.filter(window, pk=user.pk).exists()
    assert matched == in_send_window(now=now, zone_name=zone, preferred_hour=hour)
    user.delete()
