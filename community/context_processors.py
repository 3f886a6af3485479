"""What every page's chrome needs: the quick exit target, the notification count, and for
facilitators and moderators the staff-home link and the safety-alert banner."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from moderation.permissions import is_safety_responder
from moderation.selectors import banner_alerts_for
from notifications.selectors import unread_count


def _unread_count(user) -> int:
    return unread_count(user=user)


def site_chrome(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        "neutral_tab_title": signed_in and user.neutral_tab_title,
        "unread_notifications": SimpleLazyObject(lambda: _unread_count(user)) if signed_in else 0,
        # Lazy: a page that never asks costs nothing; a member's page asks once (one query).
        "staff_responder": SimpleLazyObject(lambda: is_safety_responder(user))
        if signed_in
        else False,
        "safety_banner_alerts": SimpleLazyObject(lambda: banner_alerts_for(user=user))
        if signed_in
        else (),
    }
