"""Group memberships: which groups, in what role, and the note sent with a join request."""

from .models import Membership

ORDER = 10


def export_sections(user):
    yield (
        "memberships",
        (
            {
                "group": m.group.name,
                "group_slug": m.group.slug,
                "role": m.role,
                "state": m.state,
                "requested_at": m.created_at,
                "joined_at": m.joined_at,
                "request_message": m.request_message,
                "rules_version_accepted": m.rules_version_accepted,
            }
            for m in Membership.objects.filter(user=user)
            .select_related("group")
            .order_by("created_at", "pk")
            .iterator(chunk_size=200)
        ),
    )


def erase(user, posts_mode):
    """Free the member's seats first, so each group offers them to its waitlist."""
    from .services import membership_leave

    active = Membership.objects.filter(user=user, state=Membership.State.ACTIVE)
    for membership in active.select_related("group"):
        membership_leave(user=user, group=membership.group)
