from .models import EMAIL_DEFAULTS, EmailPreference, Notification


def unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(*, user):
    return Notification.objects.filter(recipient=user).select_related("group")


def email_preferences_for(*, user) -> dict[str, bool]:
    """Each kind's email choice: the member's own, or the default."""
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("kind", "email"))
    return {
        kind: chosen.get(kind, EMAIL_DEFAULTS.get(kind, False)) for kind in Notification.Kind.values
    }
