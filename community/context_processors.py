"""What every page's chrome needs: the quick exit target and the notification count."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

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
    }
