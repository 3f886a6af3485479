"""Thin views: read input, call a selector or a service, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from community.errors import service_call
from community.http import post_only
from community.params import int_param
from community.undo import success_with_undo
from groups.access import group_access
from groups.models import SupportGroup
from groups.permissions import is_moderator

from . import services
from .audit_wording import ACTION_FAMILIES, audit_line
from .background_tasks import background_task_retry as retry_background_task
from .background_tasks import background_tasks_overview
from .forms import ActionForm, PreferenceForm, ReportForm, WatchedWordForm, WorriedForm
from .gates import moderator_required, signed_in_required, staff_console_required
from .models import ModeratorPreference, QueueItem, WatchedWord
from .permissions import (
    can_act_on_item,
    check_can_report,
    check_can_report_worried,
    is_safety_responder,
)
from .presentation import alert_writings, queue_rows, reported_excerpt, stored_html
from .safety import (
    CHECKIN_TEMPLATE,
    safety_alert_acknowledge,
    safety_alert_resolve,
    worried_report_create,
)
from .selectors import (
    audit_entries,
    open_queue_items,
    safety_alert_for,
    safety_alerts_for,
    staff_home_for,
    with_targets,
)
from .targets import kind_for, kind_for_label

QUEUE_PAGE_SIZE = 25
AUDIT_PAGE_SIZE = 50

TARGET_TYPES = {
    "post": "groups.post",
    "thread": "groups.thread",
    "message": "chat.chatmessage",
}


def _errors(error: Exception) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


# ------------------------------------------------------------------ queue


def _queue_page(request, items):
    page = Paginator(items, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = queue_rows(with_targets(page.object_list), user=request.user)
    return page


@moderator_required
def queue(request):
    page = _queue_page(request, open_queue_items(user=request.user))
    return render(request, "moderation/queue.html", {"page": page, "group": None})


@staff_console_required
def group_queue(request, slug):
    group = get_object_or_404(SupportGroup, slug=slug)
    _check_facilitates(request, group)
    page = _queue_page(request, open_queue_items(user=request.user, group=group))
    return render(request, "moderation/queue.html", {"page": page, "group": group})


def _check_facilitates(request, group) -> None:
    """Moderation pages of one group: its facilitators and moderators, asked of the request's
    one access object; anyone else gets 404 (the page does not admit that it exists)."""
    if group is None:
        allowed = is_moderator(request.user)  # content outside any group: moderators only
    else:
        allowed = group_access(request, group).can_facilitate
    if not allowed:
        raise Http404


def _queue_item_for(user, pk: int) -> QueueItem:
    item = QueueItem.objects.select_related("group", "subject", "content_type").filter(pk=pk)
    item = item.first()
    if item is None or not can_act_on_item(user, item):
        raise Http404
    return item


def _item_page(request, pk) -> str:
    """Where a GET on an item's action address goes: the queue that shows the item."""
    item = _queue_item_for(request.user, pk)
    if item.group_id and not is_moderator(request.user):
        return reverse("moderation:group_queue", kwargs={"slug": item.group.slug}) + (
            f"#item-{item.pk}"
        )
    return reverse("moderation:queue") + f"#item-{item.pk}"


def _queue_back(request, item: QueueItem) -> str:
    default = (
        reverse("moderation:group_queue", kwargs={"slug": item.group.slug})
        if item.group_id and not is_moderator(request.user)
        else reverse("moderation:queue")
    )
    return _next_url(request, default)


@staff_console_required
@post_only(to=_item_page)
def item_act(request, pk):
    """One queue decision. A hide, a rejection, a mute or a removal is said with an Undo
    button (``community.undo``) that posts to :func:`item_undo`."""
    item = _queue_item_for(request.user, pk)
    back = _queue_back(request, item)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    try:
        done, undo_label = _dispatch(request.user, item, form.cleaned_data)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _errors(error))
        return redirect(back)
    if undo_label:
        success_with_undo(
            request,
            done,
            action=reverse("moderation:item_undo", args=[item.pk]),
            label=undo_label,
            fields={"next": back},
        )
    else:
        messages.success(request, done)
    return redirect(back)


def _dispatch(actor, item: QueueItem, data: dict) -> tuple[str, str]:
    """Run the decision's one service; what to say, and the Undo label where it can be undone."""
    action, reason = data["action"], data.get("reason") or ""
    target, member, group = item.target, item.subject, item.group
    if action == "dismiss":
        services.queue_item_dismiss(actor=actor, item=item, reason=reason)
        return _("Dismissed."), ""
    if action == "escalate":
        services.queue_item_escalate(actor=actor, item=item, reason=reason)
        return _("Passed to the moderators."), ""
    if action == "approve":
        services.premoderation_approve(actor=actor, item=item)
        return _("Approved. The member has been told."), ""
    if action == "reject":
        services.premoderation_reject(actor=actor, item=item, reason=reason)
        return _("Not approved. The member has been told."), _("Undo")
    if target is None and action in {"hide", "unhide", "delete"}:
        raise ValidationError(_("This content no longer exists."))
    if action == "hide":
        services.content_hide(actor=actor, target=target, reason=reason)
        return _("Hidden from the group. Its author has been told."), _("Undo")
    if action == "unhide":
        services.content_unhide(actor=actor, target=target, reason=reason)
        return _("Visible again."), ""
    if action == "delete":
        services.content_delete(actor=actor, target=target, reason=reason)
        return _("Removed for everyone. Its author has been told."), ""
    if member is None:
        raise ValidationError(_("This member's account no longer exists."))
    name = {"name": member.username}
    if action == "warn":
        services.member_warn(actor=actor, member=member, group=group, reason=reason, item=item)
        return _("The member has been sent your message."), ""
    if action == "mute":
        services.member_mute(
            actor=actor,
            member=member,
            group=group,
            minutes=data["minutes"],
            reason=reason,
            item=item,
        )
        return (
            _("%(name)s is muted in the group and has been told.") % name,
            _("Undo: unmute %(name)s") % name,
        )
    if action == "remove":
        services.member_remove(actor=actor, member=member, group=group, reason=reason, item=item)
        return (
            _("%(name)s is removed from the group and has been told.") % name,
            _("Undo: restore %(name)s") % name,
        )
    if action == "suspend":
        services.member_suspend(
            actor=actor, member=member, days=data["days"], reason=reason, item=item
        )
        return _("The account is suspended."), ""
    raise ValidationError(_("Unknown action."))


def _undone_text(undone: services.Undone, item: QueueItem) -> str:
    name = {"name": item.subject.username if item.subject else ""}
    if undone.resolution == "hidden":
        text = _("Visible again. Its author has been told.")
    elif undone.resolution == "rejected":
        text = _("The post is waiting for approval again. Its author has been told.")
    elif undone.resolution == "muted":
        text = _("%(name)s can post and chat again.") % name
    else:
        text = _("%(name)s is back: %(state)s.") % {
            **name,
            "state": undone.membership.get_state_display().lower(),
        }
    if undone.reopened:
        text = _("%(done)s The item is back in the review queue.") % {"done": text}
    return text


@staff_console_required
@post_only(to=_item_page)
def item_undo(request, pk):
    """The Undo after a queue decision: take it back (``services.queue_decision_undo``)."""
    item = _queue_item_for(request.user, pk)
    back = _queue_back(request, item)
    try:
        undone = services.queue_decision_undo(actor=request.user, item=item)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _errors(error))
        return redirect(back)
    messages.success(request, _undone_text(undone, item))
    return redirect(back)


def _content_target(request, target_type, target_id):
    kind = kind_for_label(TARGET_TYPES.get(target_type, ""))
    target = kind.queryset().filter(pk=target_id).first() if kind is not None else None
    if target is None:
        raise Http404
    _check_facilitates(request, kind.group_of(target))
    return kind, target


def _content_page(request, target_type, target_id) -> str:
    """Where a GET on a post's moderation address goes: the post itself."""
    kind, target = _content_target(request, target_type, target_id)
    return kind.url_of(target) or reverse("moderation:queue")


#: Content actions that ask for a reason on a confirmation page first.
CONFIRMED_CONTENT_ACTIONS = ("hide", "delete")


def _content_confirm(request, kind, target, *, action, back, reason="", error="", status=200):
    return render(
        request,
        "moderation/content_confirm.html",
        {
            "kind": kind,
            "target": target,
            "action": action,
            "html": stored_html(kind, target),
            "content_warning": kind.content_warning_of(target),
            "next": back,
            "reason": reason,
            "error": error,
            "reason_max": 500,
        },
        status=status,
    )


@staff_console_required
def content_act(request, target_type, target_id):
    """Hide, unhide or delete a post or message from the page it is on (no queue item).

    GET ``?action=hide|delete`` is the confirmation step, which asks for a reason; the POST
    acts. Hiding is undone from the message that follows it.
    """
    kind, target = _content_target(request, target_type, target_id)
    source = request.POST if request.method == "POST" else request.GET
    action = source.get("action")
    back = _next_url(request, kind.url_of(target) or "/")
    if request.method != "POST":
        if action in CONFIRMED_CONTENT_ACTIONS and request.method in ("GET", "HEAD"):
            return _content_confirm(request, kind, target, action=action, back=back)
        return redirect(_content_page(request, target_type, target_id))
    reason = (request.POST.get("reason") or "").strip()[:500]
    handlers = {
        "hide": services.content_hide,
        "unhide": services.content_unhide,
        "delete": services.content_delete,
    }
    if action not in handlers:
        messages.error(request, _("Unknown action."))
        return redirect(back)
    if action in CONFIRMED_CONTENT_ACTIONS and not reason:
        return _content_confirm(
            request,
            kind,
            target,
            action=action,
            back=back,
            error=_("Please write a short reason."),
            status=400,
        )
    try:
        handlers[action](actor=request.user, target=target, reason=reason)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _errors(error))
        return redirect(back)
    if action == "hide":
        success_with_undo(
            request,
            _("Hidden from the group. Its author has been told."),
            action=reverse("moderation:content_act", args=[target_type, target_id]),
            label=_("Undo"),
            fields={"action": "unhide", "next": back},
        )
    elif action == "unhide":
        messages.success(request, _("Visible again."))
    else:
        messages.success(request, _("Removed for everyone. Its author has been told."))
    return redirect(back)


# ------------------------------------------------------------------ reports


def _report_target(request):
    """What is reported, from what the page or the chat client knows.

    ``type=post|thread&id=<pk>``; ``type=member&id=<pseudonym>[&group=<slug>]``; and
    ``type=message&group=<slug>&id=<seq>[&room=<side-room token>]``: a chat message by the
    ``id`` its frames carry, in a room the reporter may read (404 otherwise, chat/PROTOCOL.md).
    The kind of target reads its own reference (``moderation.targets``).
    """
    source = request.POST if request.method == "POST" else request.GET
    target_type = source.get("type", "")
    target_id = source.get("id", "")
    group = None
    if source.get("group"):
        group = SupportGroup.objects.filter(slug=source["group"]).first()
        if group is None:
            raise Http404
    if target_type == "member":
        target = get_user_model().objects.filter(username=target_id, is_active=True).first()
        if target is None:
            raise Http404
        return target_type, target, group
    kind = kind_for_label(TARGET_TYPES.get(target_type, ""))
    if kind is None:
        raise Http404
    target = kind.find_reported(user=request.user, reference=target_id, params=source)
    if target is None:
        raise Http404
    return target_type, target, group


def _target_reference(target_type: str, target):
    """The ``id`` the form posts back: the same reference the link carried."""
    if target_type == "member":
        return target.username
    return kind_for(target).reference_of(target)


def _side_room_token(target_type: str, target) -> str:
    if target_type == "member":
        return ""
    return kind_for(target).report_params_of(target).get("room", "")


@signed_in_required
def report(request):
    target_type, target, group = _report_target(request)
    try:
        group = check_can_report(reporter=request.user, target=target, group=group)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect(_next_url(request, "/"))
    form = ReportForm(request.POST or None)
    call = None
    if request.method == "POST" and form.is_valid():
        with service_call(form=form) as call:
            services.report_create(
                reporter=request.user,
                target=target,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                group=group,
            )
        if not call.refused:
            messages.success(
                request,
                _(
                    "Thank you for telling us. A facilitator or moderator will look at it. "
                    "Nobody you report learns who reported them."
                ),
            )
            return redirect(_next_url(request, group.get_absolute_url()))
    response = render(
        request,
        "moderation/report.html",
        {
            "form": form,
            "target_type": target_type,
            "target_id": _target_reference(target_type, target),
            "room": _side_room_token(target_type, target),
            "group": group,
            "next": _next_url(request, ""),
            "noun": _("a member")
            if target_type == "member"
            else kind_for_label(TARGET_TYPES[target_type]).noun,
            "excerpt": None
            if target_type == "member"
            else reported_excerpt(kind_for(target), target, user=request.user),
        },
        status=400 if request.method == "POST" else 200,
    )
    return call.respond(response) if call else response


@signed_in_required
def worried(request, pseudonym):
    subject = get_user_model().objects.filter(username=pseudonym, is_active=True).first()
    if subject is None:
        raise Http404
    return _worried(request, subject=subject, group=None, source_url="", named=True)


@signed_in_required
def worried_about_post(request, post_id):
    """From a post: the author stays unnamed on the page (the post may be anonymous)."""
    kind = kind_for_label("groups.post")
    post = kind.queryset().filter(pk=post_id).first() if kind else None
    if post is None or post.author is None:
        raise Http404
    group = kind.group_of(post)
    access = group_access(request, group)
    access.check_can_view()
    if not kind.is_visible(post) or kind.is_hidden(post):
        raise Http404
    if kind.is_held(post) and not access.can_facilitate:
        raise Http404  # waiting for approval: only its author and the facilitators see it
    return _worried(
        request, subject=post.author, group=group, source_url=kind.url_of(post), named=False
    )


def _worried(request, *, subject, group, source_url: str, named: bool):
    try:
        check_can_report_worried(reporter=request.user, subject=subject)
    except ValidationError as error:
        messages.info(request, _errors(error))
        return redirect("/help/")
    form = WorriedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            worried_report_create(
                reporter=request.user, subject=subject, group=group, source_url=source_url
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(
                request,
                _(
                    "Thank you for looking out for them. A trained moderator will check in "
                    "gently. They will not be told who asked."
                ),
            )
            return redirect(_next_url(request, source_url or "/groups/"))
    return render(
        request,
        "moderation/worried.html",
        {
            "form": form,
            "subject_name": subject.username if named else "",
            "next": _next_url(request, ""),
        },
        status=400 if request.method == "POST" else 200,
    )


# ------------------------------------------------------------------ safety alerts


@staff_console_required
def safety(request):
    """Open alerts, high first then the longest waiting, each with what was written."""
    if not is_safety_responder(request.user):
        raise Http404
    alerts = list(safety_alerts_for(user=request.user).prefetch_related("messages"))
    alert_writings(alerts, user=request.user)
    for alert in alerts:
        alert.checkin_text = str(CHECKIN_TEMPLATE) % {"name": alert.subject_name}
    return render(request, "moderation/safety.html", {"alerts": alerts})


def _alert_page(request, pk, action) -> str:
    """Where a GET on an alert's action address goes: the alert on the safety page."""
    alert = safety_alert_for(user=request.user, pk=pk)
    return f"{reverse('moderation:safety')}#alert-{alert.pk}"


@staff_console_required
@post_only(to=_alert_page)
def safety_act(request, pk, action):
    """Acknowledge or resolve. The banner's script posts here (``X-Requested-With: fetch``)
    and gets 204; a plain form goes back to ``next`` (the page it was on) or the list."""
    alert = safety_alert_for(user=request.user, pk=pk)
    if action == "acknowledge":
        safety_alert_acknowledge(actor=request.user, alert=alert)
        done = _("Acknowledged. Thank you for checking in.")
    elif action == "resolve":
        safety_alert_resolve(
            actor=request.user, alert=alert, note=(request.POST.get("note") or "")[:500]
        )
        done = _("Marked as resolved.")
    else:
        raise Http404
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    messages.success(request, done)
    return redirect(_next_url(request, f"{reverse('moderation:safety')}#alert-{alert.pk}"))


# ------------------------------------------------------------------ the staff home


@staff_console_required
@require_GET
def staff_home(request):
    """Where a facilitator or moderator lands after signing in: what is waiting for them."""
    if not is_safety_responder(request.user):
        raise Http404
    return render(
        request, "moderation/staff_home.html", {"home": staff_home_for(user=request.user)}
    )


# ------------------------------------------------------------------ audit log


@moderator_required
def audit(request):
    group_id = int_param(request.GET.get("group"))
    actor = (request.GET.get("actor") or "").strip()[:60]
    action = (request.GET.get("action") or "").strip()[:60]
    entries = audit_entries(group_id=group_id, actor=actor, action=action)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.line = audit_line(entry)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/audit.html",
        {
            "page": page,
            "groups": SupportGroup.objects.order_by("name").only("id", "name"),
            "group_id": group_id,
            "actor": actor,
            "action": action,
            "action_families": ACTION_FAMILIES,
            "query": query.urlencode(),
        },
    )


# ------------------------------------------------------------------ watched words


@moderator_required
def words(request):
    form = WatchedWordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.watched_word_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Watched word added."))
            return redirect("moderation:words")
    return render(
        request,
        "moderation/words.html",
        {"form": form, "words": WatchedWord.objects.order_by("action", "text")},
        status=400 if request.method == "POST" else 200,
    )


@moderator_required
def word_edit(request, pk):
    word = get_object_or_404(WatchedWord, pk=pk)
    form = WatchedWordForm(request.POST or None, instance=word)
    if request.method == "POST" and form.is_valid():
        try:
            services.watched_word_update(
                actor=request.user, word=WatchedWord.objects.get(pk=pk), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Watched word saved."))
            return redirect("moderation:words")
    return render(
        request,
        "moderation/word_edit.html",
        {"form": form, "word": word},
        status=400 if request.method == "POST" else 200,
    )


@moderator_required
@post_only(to="moderation:words")
def word_delete(request, pk):
    word = get_object_or_404(WatchedWord, pk=pk)
    services.watched_word_delete(actor=request.user, word=word)
    messages.success(request, _("Watched word deleted."))
    return redirect("moderation:words")


# ------------------------------------------------------------------ wellbeing


@moderator_required
def preferences(request):
    current = ModeratorPreference.objects.filter(user=request.user).first()
    initial = {"hidden_reasons": current.hidden_reasons if current else []}
    form = PreferenceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.moderator_preference_set(
            actor=request.user, hidden_reasons=form.cleaned_data["hidden_reasons"]
        )
        messages.success(request, _("Your review preferences are saved."))
        return redirect("moderation:queue")
    return render(request, "moderation/preferences.html", {"form": form})


# ------------------------------------------------------------------ background tasks


@moderator_required
def background_tasks(request):
    return render(request, "moderation/tasks.html", background_tasks_overview(user=request.user))


@moderator_required
@post_only(to="moderation:tasks")
def background_task_retry(request, task_id):
    retry_background_task(actor=request.user, task_id=task_id)
    messages.success(request, _("The task is queued again and will run shortly."))
    return redirect("moderation:tasks")
