"""Thin views: read input, call a selector or a service, render or redirect.

Group pages need no sign-in decorator: ``group_content_or_404`` answers 404 to anyone who is not
an active member (moderators aside), visitors included, so a group's sessions and chat do not
even admit that they exist.
"""

from datetime import UTC, datetime, time

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from icalendar import Calendar, Event

from community.errors import service_call
from community.http import post_only
from drafts.rescue import draft_initial
from groups.access import group_access_for
from groups.permissions import check_can_facilitate
from groups.selectors import group_content_or_404

from .forms import RSVPForm, SessionForm
from .models import MESSAGE_MAX_LENGTH, ChatRoom, GroupSession, SessionRSVP
from .selectors import (
    calendar_feed_group_or_404,
    calendar_token_live,
    checkin_requests_waiting,
    is_side_room_participant,
    session_for_group_or_404,
    side_room_for,
    upcoming_occurrences,
)
from .services import (
    calendar_token_reset,
    calendar_token_revoke,
    session_cancel,
    session_create,
    session_rsvp,
)


def chat_strings() -> dict[str, str]:
    """Words the script shows, translated on the server (the script has no catalogue)."""
    return {
        "connecting": _("Connecting…"),
        "connected": _("Connected."),
        "reconnecting": _("The connection dropped. Reconnecting… Your unsent messages are kept."),
        "signedOut": _("Please sign in again to use the chat."),
        "notAllowed": _("You can't use this chat right now. A moderator can help."),
        "noRoom": _("This room is closed."),
        "sending": _("sending…"),
        "typing": _("%s is typing…"),
        "edited": _("(edited)"),
        "edit": _("Edit"),
        "delete": _("Delete"),
        "remove": _("Remove"),
        "actions": _("Facilitator actions"),
        "removeMessage": _("Remove this message"),
        "confirmRemove": _("Remove this message for everyone? This is written in the audit log."),
        "muteFor10": _("Pause %s's messages for 10 minutes"),
        "muteFor60": _("Pause %s's messages for an hour"),
        "unmute": _("Let %s send messages again"),
        "sideRoomWith": _("Open a side room with %s"),
        "lockRoom": _("Lock the room"),
        "unlockRoom": _("Unlock the room"),
        "roomIsOpen": _("The room is open: members can write."),
        "roomIsLocked": _("The room is locked: members can read but not write."),
        "roomClosedBySchedule": _(
            "The room is closed outside its sessions: members can read but not write."
        ),
        "checkinRequest": _("%s would like a one-to-one check-in."),
        "openSideRoom": _("Open a side room"),
        "withName": _("with %s"),
        "dismiss": _("Dismiss"),
        "sideRoomOpened": _("You opened a private one-to-one check-in with %s."),
        "save": _("Save"),
        "cancel": _("Cancel"),
        "confirmDelete": _("Delete this message for everyone?"),
        "locked": _("The room is closed for new messages right now. You can still read."),
        "slowMode": _("Slow mode: one message every %s seconds."),
        "phase": _("Session step: %s"),
        "turn": _("Speaking now: %s"),
        "queue": _("Waiting to speak: %s"),
        "paused": _("The session is paused for a moment."),
        "raiseHand": _("Raise hand"),
        "lowerHand": _("Lower hand"),
        "nobody": _("nobody"),
        "sideRoom": _("%s invited you to a private one-to-one check-in."),
        "sideRoomOpen": _("Open the private room"),
        "sideRoomClosed": _("This one-to-one check-in has ended. Thank you."),
        "newMessage": _("%(author)s: %(text)s"),
        "blocked": _("You blocked this member. Open to read."),
        "block": _("Block"),
        "report": _("Report"),
        "reportWhat": _("this message by %s"),
        "secondsLeft": _("%s seconds left"),
        "tooLong": _(
            "Messages can be up to %(limit)s characters; this one has %(count)s. It is still in "
            "the box, so you can shorten it or split it in two."
        )
        % {"limit": f"{MESSAGE_MAX_LENGTH:,}", "count": "%s"},
        "crisisMark": _("Safety alert: may need support"),
    }


@require_GET
def chat_page(request, slug):
    group, membership = group_content_or_404(user=request.user, slug=slug)
    token = request.GET.get("room") or ""
    side_room = None
    if token:
        side_room = side_room_for(group=group, token=token)
        if side_room is None or not is_side_room_participant(side_room, request.user.pk):
            raise Http404
    access = group_access_for(user=request.user, group=group, membership=membership)
    place = f"chat:{group.pk}-{side_room.pk}" if side_room else f"chat:{group.pk}"
    draft = draft_initial(request, place)
    is_facilitator = access.can_facilitate and side_room is None
    return render(
        request,
        "chat/room.html",
        {
            "draft_place": place,
            "message_limit": MESSAGE_MAX_LENGTH,
            "draft_body": draft.get("body", ""),
            "draft_restored": draft.get("restored", False),
            "group": group,
            "membership": membership,
            "access": access,
            "side_room": side_room,
            "is_facilitator": is_facilitator,
            "checkin_requests": (
                checkin_requests_waiting(user=request.user, group=group) if is_facilitator else []
            ),
            "chat_strings": chat_strings(),
            "phases": ChatRoom.Phase.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def sessions_page(request, slug):
    group, membership = group_content_or_404(user=request.user, slug=slug)
    form = SessionForm()
    status = 200
    if request.method == "POST":
        check_can_facilitate(request.user, membership)
        form = SessionForm(request.POST)
        if form.is_valid():
            session_create(actor=request.user, group=group, **form.cleaned_data)
            messages.success(request, _("The session is scheduled and members were told."))
            return redirect("chat:sessions", slug=group.slug)
        status = 400
    return _sessions_response(request, group, membership, form=form, status=status)


def _sessions_response(request, group, membership, *, form=None, status=200):
    """The sessions page; a refused answer or form shows here again, with its reason."""
    access = group_access_for(user=request.user, group=group, membership=membership)
    facilitates = access.can_facilitate
    form = form or SessionForm()
    occurrences = upcoming_occurrences(group)
    answers = {
        (r.session_id, r.occurrence_start): r.response
        for r in SessionRSVP.objects.filter(
            user=request.user,
            session__group=group,
            occurrence_start__in=[o.start for o in occurrences],
        )
    }
    rows = [
        {"occurrence": o, "rsvp": answers.get((o.session.pk, o.start), "")} for o in occurrences
    ]
    token = calendar_token_live(user=request.user, group=group)
    feed_url = (
        request.build_absolute_uri(reverse("chat:sessions_ics", kwargs={"slug": group.slug}))
        + f"?token={token.token}"
        if token
        else ""
    )
    return render(
        request,
        "chat/sessions.html",
        {
            "group": group,
            "membership": membership,
            "rows": rows,
            "form": form if facilitates else None,
            "feed_url": feed_url,
            "access": access,
            "is_facilitator": facilitates,
        },
        status=status,
    )


@post_only(to="chat:sessions")
def session_rsvp_view(request, slug, session_id):
    group, membership = group_content_or_404(user=request.user, slug=slug)
    session = session_for_group_or_404(group=group, session_id=session_id)
    form = RSVPForm(request.POST)
    if not form.is_valid():
        # A stale or tampered form: the sessions page again with the reason, never a bare page.
        messages.error(request, _("Please choose a session time and an answer."))
        return _sessions_response(request, group, membership, status=400)
    with service_call(request=request) as call:
        session_rsvp(
            user=request.user,
            session=session,
            occurrence_start=form.cleaned_data["occurrence"],
            response=form.cleaned_data["response"],
        )
    if call.refused:
        return call.respond(_sessions_response(request, group, membership, status=call.status))
    messages.success(request, _("Thank you, your answer is saved."))
    return redirect("chat:sessions", slug=group.slug)


@post_only(to="chat:sessions")
def session_cancel_view(request, slug, session_id):
    group, membership = group_content_or_404(user=request.user, slug=slug)
    check_can_facilitate(request.user, membership)
    session = session_for_group_or_404(group=group, session_id=session_id)
    session_cancel(actor=request.user, session=session)
    messages.success(request, _("The session is cancelled."))
    return redirect("chat:sessions", slug=group.slug)


@post_only(to="chat:sessions")
def calendar_token_view(request, slug):
    group, _membership = group_content_or_404(user=request.user, slug=slug)
    if request.POST.get("action") == "revoke":
        calendar_token_revoke(user=request.user, group=group)
        messages.success(request, _("The calendar address no longer works."))
    else:
        calendar_token_reset(user=request.user, group=group)
        messages.success(request, _("Your private calendar address is ready."))
    return redirect("chat:sessions", slug=group.slug)


@require_GET
def sessions_ics(request, slug):
    """A calendar feed for calendar apps: titles and times only, behind a private token."""
    group = calendar_feed_group_or_404(slug=slug, token=request.GET.get("token", ""))
    calendar = Calendar()
    calendar.add("prodid", "-//Rebuilding Trust//Group sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    host = request.get_host().split(":")[0]
    for session in GroupSession.objects.filter(group=group, cancelled_at__isnull=True):
        event = Event()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("dtstamp", session.created_at)
        event.add("summary", session.title)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.starts_at + session.duration)
        if session.recurrence == GroupSession.Recurrence.WEEKLY:
            rule = {"freq": "weekly"}
            if session.repeat_until:
                rule["until"] = datetime.combine(session.repeat_until, time.max, tzinfo=UTC)
            event.add("rrule", rule)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sessions.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
