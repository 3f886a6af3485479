"""A facilitator's tools in the room: mute, slow mode, lock, and a member's check-in request."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community import realtime
from community.accounts.selectors import moderators
from groups.models import Membership, SupportGroup
from groups.services import MAX_MUTE_MINUTES, membership_mute, membership_unmute
from moderation.audit import audit_record
from notifications.models import Notification
from notifications.notices import notice
from notifications.services import notification_create

from ..errors import ChatError, refusal_text
from ..models import ChatRoom
from ..permissions import check_can_facilitate_chat
from ..selectors import ChatAccess, active_member_by_pseudonym
from .rooms import broadcast_room_state, int_in_range, locked_room

MAX_SLOW_MODE_SECONDS = 3600
CHECKIN_THROTTLE_SECONDS = 600


def member_mute(
    *, actor, access: ChatAccess, group: SupportGroup, pseudonym, minutes
) -> realtime.NoticeFrame:
    """Pause a member's messages for ``minutes`` (0 lifts it). They can still read.

    The groups app's one mute (its limit, its rule of who may mute whom, the audit and the
    notice); refusals come back as ``error`` frames. Returns the notice that tells the
    facilitator it is done (a per-message action gives no other sign).
    """
    check_can_facilitate_chat(access)
    minutes = int_in_range(minutes, low=0, high=MAX_MUTE_MINUTES, what=_("Minutes"))
    membership = active_member_by_pseudonym(group=group, pseudonym=pseudonym)
    if membership is None:
        raise ChatError("invalid", _("There is no active member with that name here."))
    try:
        if minutes:
            membership_mute(actor=actor, group=group, member=membership.user, minutes=minutes)
        else:
            membership_unmute(actor=actor, group=group, member=membership.user)
    except (PermissionDenied, ValidationError, Http404) as error:
        raise ChatError("invalid", refusal_text(error)) from None
    name = membership.user.username
    if minutes:
        return realtime.notice_frame(
            code="member_muted",
            detail=_("%(name)s can read but not send messages for %(minutes)s minutes.")
            % {"name": name, "minutes": minutes},
        )
    return realtime.notice_frame(
        code="member_unmuted", detail=_("%(name)s can send messages again.") % {"name": name}
    )


@transaction.atomic
def room_slow_mode(*, actor, access: ChatAccess, room: ChatRoom, seconds) -> ChatRoom:
    check_can_facilitate_chat(access)
    seconds = int_in_range(seconds, low=0, high=MAX_SLOW_MODE_SECONDS, what=_("Seconds"))
    room = locked_room(room)
    room.slow_mode_seconds = seconds
    room.save(update_fields=["slow_mode_seconds"])
    audit_record(
        actor=actor,
        action="chat.slow_mode",
        target=room,
        group=room.group,
        target_label=f"chat room {room.pk}: {seconds} seconds",
    )
    broadcast_room_state(room)
    return room


@transaction.atomic
def room_lock(*, actor, access: ChatAccess, room: ChatRoom, locked: bool) -> ChatRoom:
    check_can_facilitate_chat(access)
    room = locked_room(room)
    room.locked = locked
    room.save(update_fields=["locked"])
    audit_record(
        actor=actor,
        action="chat.lock" if locked else "chat.unlock",
        target=room,
        group=room.group,
        target_label=f"chat room {room.pk}",
    )
    broadcast_room_state(room)
    return room


def checkin_request(*, user, access: ChatAccess, group: SupportGroup) -> bool:
    """Privately ask the facilitators for a one-to-one check-in.

    Returns False when the same member asked in the last few minutes (the first request is
    still with the facilitators; a second would only add noise to their alerts).
    """
    if not cache.add(f"chat:checkin:{group.pk}:{user.pk}", 1, CHECKIN_THROTTLE_SECONDS):
        return False
    with transaction.atomic():
        responders = {
            m.user_id: m.user
            for m in Membership.objects.facilitators().filter(group=group).select_related("user")
        }
        if not responders:
            responders = {u.pk: u for u in moderators()}
        text = notice(
            gettext_noop(
                "%(name)s would like a one-to-one check-in in %(group)s. "
                "A short private message to ask how they are is a good next step."
            ),
            name=access.pseudonym,
            group=group.name,
        )
        for responder in responders.values():
            if responder.pk == user.pk:
                continue
            realtime.user_checkin_request_on_commit(
                user_id=responder.pk,
                group_id=group.pk,
                frame=realtime.checkin_request_frame(member=access.pseudonym),
            )
            notification_create(
                recipient=responder,
                kind=Notification.Kind.CHECKIN_REQUEST,
                text=text,
                url=f"/groups/{group.slug}/chat/",
                group=group,
                priority=Notification.Priority.HIGH,
                about=user,
            )
    return True
