"""Objects the sweep needs to fill path parameters (a thread, a post, an invite, ...).

Each app's objects are added here as they land on main, keyed by the placeholder the table
uses (``{thread}``, ``{post}``, ...).
"""

from datetime import timedelta

from django.utils import timezone

from chat.models import GroupSession
from community.ratelimit import rate_limit_reset
from groups.forum_services import post_create, thread_create
from groups.models import GroupInvite, Membership


def add_objects(world, *, group) -> None:
    """Create the objects behind the placeholders; ``world.params`` maps name -> value."""
    people = world.people
    opening = thread_create(
        author=people["member"], group=group, title="A sweep thread", body="Opening words."
    ).post
    rate_limit_reset(scope="post", key=people["facilitator"].pk)
    reply = post_create(
        author=people["facilitator"], thread=opening.thread, body="A facilitator's reply."
    ).post
    invite = GroupInvite.objects.create(
        group=group,
        created_by=people["facilitator"],
        expires_at=timezone.now() + timedelta(days=7),
        max_uses=5,
    )
    chat_session = GroupSession.objects.create(
        group=group, title="A sweep session", starts_at=timezone.now() + timedelta(days=2)
    )
    world.params.update(
        chat_session=chat_session.pk,
        thread=opening.thread_id,
        post=opening.pk,
        reply=reply.pk,
        requested_membership=Membership.objects.get(user=people["requested"], group=group).pk,
        member_membership=Membership.objects.get(user=people["member"], group=group).pk,
        invite_token=invite.token,
        invite_id=invite.pk,
    )
