"""The account's own data: profile, confirmed addresses, blocks and keep-apart entries."""

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from community.privacy import FORMER_MEMBER

from .selectors import blocks_for, keep_apart_for, separation_requests_for

ORDER = 0


def export_sections(user):
    yield (
        "profile",
        [
            {
                "pseudonym": user.username,
                "email": user.email,
                "date_joined": user.date_joined,
                "last_login": user.last_login,
                "country": user.country,
                "neutral_tab_title": user.neutral_tab_title,
            }
        ],
    )
    yield (
        "email_addresses",
        (
            {"email": row["email"], "verified": row["verified"], "primary": row["primary"]}
            for row in EmailAddress.objects.filter(user=user)
            .order_by("pk")
            .values("email", "verified", "primary")
            .iterator()
        ),
    )
    yield (
        "blocked_members",
        (
            {"pseudonym": block.blocked.username, "since": block.created_at}
            for block in blocks_for(user=user).iterator()
        ),
    )
    yield (
        "kept_apart_from",
        (
            {"pseudonym": entry.shown_name, "since": entry.created_at}
            for entry in keep_apart_for(user=user).iterator()
        ),
    )
    yield (
        "safety_requests",
        (
            {
                "pseudonym": request.shown_name,
                "note": request.note,
                "state": request.state,
                "created_at": request.created_at,
            }
            for request in separation_requests_for(user=user).iterator()
        ),
    )


def erase(user, posts_mode):
    """Blocks, keep-apart rows and safety requests in both directions go with the account
    (CASCADE); the audit keeps "safety request N" and nothing of either person. The Django
    admin's change history names the account it changed: that name goes too."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
    ).update(object_repr=FORMER_MEMBER)
