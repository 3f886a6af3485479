"""Relative times that read right: "just now" under a minute, never "0 minutes ago"."""

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
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
