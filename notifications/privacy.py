"""Notification settings: which kinds of notification the member chose to get by email.

The notifications themselves are not exported: their text is written by the site about other
people's actions (and for facilitators, about other members' safety), and they disappear with
the account.
"""

from community.privacy import without_name

from .models import EMAIL_DEFAULTS, EmailPreference, Notification

ORDER = 20


def export_sections(user):
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("kind", "email"))
    yield (
        "notification_settings",
        [
            {
                "kind": kind,
                "email": chosen.get(kind, EMAIL_DEFAULTS.get(kind, False)),
                "chosen": kind in chosen,
            }
            for kind in Notification.Kind.values
        ],
    )


def erase(user, posts_mode):
    """The member's own notifications and email preferences go with the account (CASCADE);
    other people's notifications that name them ("<name> replied…", safety alerts) keep
    their sense with "former member" instead of the name."""
    for notification in Notification.objects.filter(about=user).only(
        "pk", "stored_text", "message"
    ):
        message = [
            {**part, "params": _params_without_name(part.get("params") or {}, user.username)}
            for part in notification.message or []
        ]
        Notification.objects.filter(pk=notification.pk).update(
            stored_text=without_name(notification.stored_text, user.username),
            message=message,
            about=None,
        )


def _params_without_name(params: dict, name: str) -> dict:
    """A stored sentence's parameters with the pseudonym replaced (nested notices too)."""
    cleaned = {}
    for key, value in params.items():
        if isinstance(value, str):
            value = without_name(value, name)
        elif isinstance(value, dict) and isinstance(value.get("notice"), list):
            value = {
                "notice": [
                    {**part, "params": _params_without_name(part.get("params") or {}, name)}
                    for part in value["notice"]
                    if isinstance(part, dict)
                ]
            }
        cleaned[key] = value
    return cleaned
