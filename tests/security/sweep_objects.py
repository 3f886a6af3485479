"""Objects the sweep needs to fill path parameters (a thread, a post, an invite, ...).

Each app's objects are added here as they land on main, keyed by the placeholder the table
uses (``{thread}``, ``{post}``, ...).
"""

from datetime import timedelta

from django.utils import timezone

from chat.models import ChatRoom, GroupSession
from community.accounts.models import SeparationRequest
from community.ratelimit import rate_limit_reset
from forum.services import post_create, thread_create
from groups.models import GroupInvite, Membership
from moderation.models import WatchedWord
from moderation.safety import safety_alert_raise
from moderation.services import report_create
from notifications.models import Notification
from notifications.services import notification_create


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
    session = GroupSession.objects.create(
        group=group,
        title="Weekly circle",
        starts_at=timezone.now() + timedelta(days=2),
        created_by=people["facilitator"],
    )
    side_room = ChatRoom.objects.create(
        group=group,
        kind=ChatRoom.Kind.SIDE,
        side_facilitator=people["facilitator"],
        side_member=people["member"],
    )
    notification = notification_create(
        recipient=people["member"], kind=Notification.Kind.REPLY, text="A reply", url="/"
    )
    report = report_create(
        reporter=people["member"], target=people["muted"], reason="spam", note="A note", group=group
    )
    world.params["muted_pseudonym"] = people["muted"].username
    alert = safety_alert_raise(subject=people["member"], group=group, source="post")
    word = WatchedWord.objects.create(text="sweepword", created_by=people["moderator"])
    separation = SeparationRequest.objects.create(
        requester=people["member"], other=people["muted"], note="A note for moderators"
    )
    world.params.update(
        session=session.pk,
        chat_session=session.pk,
        side_room_token=side_room.token,
        notification=notification.pk,
        queue_item=report.item_id,
        safety_alert=alert.pk,
        watched_word=word.pk,
        separation=separation.pk,
        thread=opening.thread_id,
        post=opening.pk,
        reply=reply.pk,
        requested_membership=Membership.objects.get(user=people["requested"], group=group).pk,
        member_membership=Membership.objects.get(user=people["member"], group=group).pk,
        invite_token=invite.token,
        invite_id=invite.pk,
    )
