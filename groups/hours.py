"""When a facilitator is normally around a group: weekly hours in the group's own time zone.

Stored on the group as a small list (``SupportGroup.facilitator_hours``): one span per weekday
at most, ``{"day": 0-6 (Monday 0), "start": "HH:MM", "end": "HH:MM"}``. A group that has not
said leaves it empty, and its pages then say nothing about hours rather than guess. Outside
the hours, the group's pages say so and point to the help page: nobody should wait for a
reply that will not come tonight.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEEKDAYS = (
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
)


@dataclass(frozen=True)
class Span:
    day: int
    start: time
    end: time

    def as_data(self) -> dict:
        return {
            "day": self.day,
            "start": self.start.strftime("%H:%M"),
            "end": self.end.strftime("%H:%M"),
        }


@lru_cache(maxsize=1)
def time_zone_names() -> tuple[str, ...]:
    """Every IANA zone this machine knows, sorted (the settings form's choices)."""
    return tuple(sorted(available_timezones()))


def zone_of(group) -> ZoneInfo:
    """The group's time zone; an unknown name (data from elsewhere) falls back to UTC."""
    try:
        return ZoneInfo(group.time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _time(value) -> time | None:
    try:
        return time.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def spans_of(group) -> list[Span]:
    """The group's weekly spans, Monday first; malformed entries are skipped, never a 500."""
    spans = []
    for entry in group.facilitator_hours or []:
        if not isinstance(entry, dict):
            continue
        day, start, end = entry.get("day"), _time(entry.get("start")), _time(entry.get("end"))
        if isinstance(day, int) and 0 <= day <= 6 and start and end and start < end:
            spans.append(Span(day=day, start=start, end=end))
    return sorted(spans, key=lambda span: (span.day, span.start))


def facilitator_around(group, *, now: datetime | None = None) -> bool | None:
    """True within the group's hours, False outside them, None when the group has not said."""
    spans = spans_of(group)
    if not spans:
        return None
    local = (now or timezone.now()).astimezone(zone_of(group))
    moment = local.time().replace(tzinfo=None)
    return any(span.day == local.weekday() and span.start <= moment < span.end for span in spans)


def next_around(group, *, now: datetime | None = None) -> datetime | None:
    """When a facilitator is next normally around, in the group's time zone (None: never)."""
    spans = spans_of(group)
    if not spans:
        return None
    local = (now or timezone.now()).astimezone(zone_of(group))
    for days_ahead in range(8):
        date = (local + timedelta(days=days_ahead)).date()
        for span in spans:
            if span.day != date.weekday():
                continue
            start = datetime.combine(date, span.start, tzinfo=local.tzinfo)
            if start > local:
                return start
    return None


@dataclass(frozen=True)
class HoursNotice:
    """What a group's page says about its hours right now."""

    around: bool | None
    next_start: datetime | None
    spans: list[Span]
    zone: str

    @property
    def show(self) -> bool:
        return self.around is False


def hours_notice(group, *, now: datetime | None = None) -> HoursNotice:
    return HoursNotice(
        around=facilitator_around(group, now=now),
        next_start=next_around(group, now=now),
        spans=spans_of(group),
        zone=zone_of(group).key,
    )
