"""Relative times that read right: "just now" under a minute, never "0 minutes ago"; "in 2
hours" ahead, never "in 0 minutes"."""

from django import template
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _

register = template.Library()

JUST_NOW_SECONDS = 60


@register.filter
def ago(moment):
    """``moment`` as "just now" or "<n units> ago" (the page's zone does not change it)."""
    if not moment:
        return ""
    if (timezone.now() - moment).total_seconds() < JUST_NOW_SECONDS:
        return _("just now")
    return _("%(since)s ago") % {"since": timesince(moment)}


@register.filter
def waited(moment):
    """How long since ``moment``, for "waiting for …": "less than a minute", never "0 minutes"."""
    if not moment:
        return ""
    if (timezone.now() - moment).total_seconds() < JUST_NOW_SECONDS:
        return _("less than a minute")
    return timesince(moment)


@register.filter
def until(moment):
    """How long until ``moment``: "in 2 hours, 5 minutes"; "starting now" within a minute
    either side; "under way" once it has begun (a session that has not ended yet)."""
    if not moment:
        return ""
    seconds = (moment - timezone.now()).total_seconds()
    if seconds <= -JUST_NOW_SECONDS:
        return _("under way")
    if seconds < JUST_NOW_SECONDS:
        return _("starting now")
    return _("in %(until)s") % {"until": timeuntil(moment)}
