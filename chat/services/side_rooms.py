"""One-to-one side rooms: a facilitator and one member, apart from the group's room."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import realtime
from community.accounts.selectors import kept_apart_ids
from groups.models import SupportGroup
from moderation.audit import audit_record

from ..errors import ChatError
from ..models import ChatRoom
from ..permissions import check_can_facilitate_chat
from ..selectors import ChatAccess, active_member_by_pseudonym
from .rooms import locked_room


@transaction.atomic
def side_room_open(*, actor, access: ChatAccess, group: SupportGroup, pseudonym) -> ChatRoom:
    """A facilitator takes one member into a private room for a one-to-one check-in."""
    check_can_facilitate_chat(access)
    membership = active_member_by_pseudonym(group=group, pseudonym=pseudonym)
    if membership is None or membership.user_id == actor.pk:
        raise ChatError("invalid", _("There is no other active member with that name here."))
    if membership.user_id in kept_apart_ids(actor):
        # A private keep-apart wish (either way): never seat the two together, and say why
        # in words that name nobody's wish.
        raise ChatError(
            "invalid",
            _("A one-to-one check-in with this member is not available. ")
            + _("Another facilitator or a moderator can help."),
        )
    room = ChatRoom.objects.create(
        group=group,
        kind=ChatRoom.Kind.SIDE,
        side_facilitator=actor,
        side_member=membership.user,
    )
    audit_record(
        actor=actor,
        action="chat.side_room",
        target=room,
        group=group,
        target_label=f"one-to-one check-in with {membership.user.username}",
    )
    for user_id, other, opened in (
        (actor.pk, membership.user.username, True),
        (membership.user_id, actor.username, False),
    ):
        realtime.user_side_room_on_commit(
            user_id=user_id,
            group_id=group.pk,
            frame=realtime.side_room_frame(token=room.token, with_name=other, opened_by_you=opened),
        )
    return room


@transaction.atomic
def side_room_close(*, user, room: ChatRoom) -> None:
    """One of the two people in a one-to-one room ends it; nobody can close a group's room."""
    if not room.is_side or user.pk not in (room.side_member_id, room.side_facilitator_id):
        raise ChatError("invalid", _("Only a one-to-one room can be closed that way."))
    room = locked_room(room)
    if room.closed_at is not None:
        return
    room.closed_at = timezone.now()
    room.save(update_fields=["closed_at"])
    realtime.room_closed_on_commit(
        room_id=room.pk, frame=realtime.side_room_closed_frame(token=room.token)
    )
