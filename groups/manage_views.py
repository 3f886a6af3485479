"""The facilitator console, in four short tabs that are plain pages (no script needed):
the review queue, members, requests and invitations, settings.

Removing or muting a member goes through a confirmation page that asks for a reason; the
result message offers to undo it (restore, unmute) where the data allows.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.errors import service_call
from community.http import post_only
from community.undo import success_with_undo

from .access import GroupAccess, group_access
from .forms import (
    FacilitatorHoursForm,
    FacilitatorsForm,
    GroupSettingsForm,
    InviteForm,
    MemberActionForm,
    MemberMuteForm,
)
from .models import Membership
from .selectors import (
    group_content_or_404,
    invites_for_console,
    members_of,
    pending_for_console,
    seats_left,
)
from .services import (
    invite_create,
    invite_revoke,
    membership_approve,
    membership_decline,
    membership_mute,
    membership_remove,
    membership_restore,
    membership_unmute,
)
from .settings_services import facilitators_set, group_hours_update, group_settings_update

GROUP_QUEUE_TEMPLATE = "moderation/includes/group_queue.html"

#: The console's tabs: (key, URL name, label). Each is its own page.
TABS = (
    ("queue", "groups:manage", gettext_lazy("Review queue")),
    ("members", "groups:manage_members", gettext_lazy("Members")),
    ("requests", "groups:manage_requests", gettext_lazy("Requests and invitations")),
    ("settings", "groups:settings", gettext_lazy("Settings")),
)


def _console_group(request, slug) -> tuple:
    """The group and the request's one access object for it: 404 to non-members, 403 to
    members who do not facilitate."""
    group, membership = group_content_or_404(user=request.user, slug=slug)
    access = group_access(request, group, membership)
    access.check_can_facilitate()
    return group, access


def _has_template(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def _render_tab(
    request, group, access: GroupAccess, tab: str, template: str, context: dict, status=200
):
    requests_waiting = pending_for_console(group=group, state=Membership.State.REQUESTED).count()
    group.seats_left = seats_left(group)
    tabs = [
        {
            "key": key,
            "url": reverse(name, args=[group.slug]),
            "label": label,
            "current": key == tab,
            "count": requests_waiting if key == "requests" else 0,
        }
        for key, name, label in TABS
    ]
    return render(
        request,
        template,
        {"group": group, "access": access, "tabs": tabs, "tab": tab, **context},
        status=status,
    )


def console(request, slug):
    """The first tab: the group's review queue (the moderation app's part of the page)."""
    group, access = _console_group(request, slug)
    return _render_tab(
        request,
        group,
        access,
        "queue",
        "groups/manage.html",
        {"has_group_queue": _has_template(GROUP_QUEUE_TEMPLATE)},
    )


def members_tab(request, slug):
    group, access = _console_group(request, slug)
    members = list(members_of(group=group, access=access))
    now = timezone.now()
    for member in members:
        member.is_muted_now = bool(member.muted_until and member.muted_until > now)
        member.can_be_acted_on = access.can_act_on(member)
    return _render_tab(
        request, group, access, "members", "groups/manage_members.html", {"members": members}
    )


def requests_tab(request, slug):
    group, access = _console_group(request, slug)
    return _render_tab(
        request,
        group,
        access,
        "requests",
        "groups/manage_requests.html",
        {
            "requests": pending_for_console(group=group, state=Membership.State.REQUESTED),
            "waitlist": pending_for_console(group=group, state=Membership.State.WAITLISTED),
            "offers": pending_for_console(group=group, state=Membership.State.OFFERED),
            "invites": invites_for_console(group=group),
            "invite_form": InviteForm(),
        },
    )


def _settings_page(request, group, access, *, settings_form=None, hours_form=None, status=200):
    return _render_tab(
        request,
        group,
        access,
        "settings",
        "groups/manage_settings.html",
        {
            "settings_form": settings_form or GroupSettingsForm(instance=group),
            "hours_form": hours_form or FacilitatorHoursForm(group=group),
            "facilitators_form": FacilitatorsForm() if access.is_moderator else None,
        },
        status=status,
    )


def _target(group, membership_id):
    return get_object_or_404(
        Membership.objects.select_related("user", "group"), pk=membership_id, group=group
    )


@post_only(to="groups:manage_requests")
def request_decision(request, slug, membership_id):
    group, _access = _console_group(request, slug)
    target = _target(group, membership_id)
    if request.POST.get("decision") == "approve":
        target = membership_approve(actor=request.user, membership=target)
        messages.success(
            request,
            _("%(name)s is now %(state)s.")
            % {"name": target.user.username, "state": target.get_state_display().lower()},
        )
    else:
        membership_decline(
            actor=request.user, membership=target, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("The request is declined; they have been told kindly."))
    return redirect("groups:manage_requests", slug=group.slug)


def _refusal_to_act_on(request, access: GroupAccess, target: Membership):
    """The who-on-whom rule before the confirmation step: say why, back on the members tab."""
    refusal = access.act_on_refusal(target)
    if refusal is not None:
        messages.error(request, refusal)
        return redirect("groups:manage_members", slug=target.group.slug)
    return None


def _confirm_page(request, group, access, target, *, action: str, form, status=200):
    return _render_tab(
        request,
        group,
        access,
        "members",
        "groups/manage_confirm.html",
        {"target": target, "action": action, "form": form},
        status=status,
    )


def _confirmed_member_action(request, slug, membership_id, *, action, form_class, act, undo):
    """GET: the confirmation step (a reason is asked for); POST: act through the one service
    (``act(group, target, cleaned_data)``), then say so with an Undo button.

    ``undo`` is ``(done text, undo route, undo label)``; the texts take the member's name.
    """
    group, access = _console_group(request, slug)
    target = _target(group, membership_id)
    form = form_class(request.POST if request.method == "POST" else None)
    refused = _refusal_to_act_on(request, access, target)
    if refused:
        return refused
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return _confirm_page(
            request, group, access, target, action=action, form=form, status=status
        )
    with service_call(form=form) as call:
        act(group, target, form.cleaned_data)
    if call.refused:
        return call.respond(_confirm_page(request, group, access, target, action=action, form=form))
    done, undo_route, undo_label = undo
    name = {"name": target.user.username}
    success_with_undo(
        request,
        done % name,
        action=reverse(undo_route, args=[group.slug, target.pk]),
        label=undo_label % name,
    )
    return redirect("groups:manage_members", slug=group.slug)


def member_remove(request, slug, membership_id):
    return _confirmed_member_action(
        request,
        slug,
        membership_id,
        action="remove",
        form_class=MemberActionForm,
        act=lambda group, target, data: membership_remove(
            actor=request.user, group=group, member=target.user, reason=data["reason"]
        ),
        undo=(
            _("%(name)s is removed from the group and has been told."),
            "groups:member_restore",
            _("Undo: restore %(name)s"),
        ),
    )


def member_mute(request, slug, membership_id):
    return _confirmed_member_action(
        request,
        slug,
        membership_id,
        action="mute",
        form_class=MemberMuteForm,
        act=lambda group, target, data: membership_mute(
            actor=request.user,
            group=group,
            member=target.user,
            minutes=data["minutes"],
            reason=data["reason"],
        ),
        undo=(
            _("%(name)s is muted in the group and has been told."),
            "groups:member_unmute",
            _("Undo: unmute %(name)s"),
        ),
    )


@post_only(to="groups:manage_members")
def member_unmute(request, slug, membership_id):
    group, _access = _console_group(request, slug)
    target = _target(group, membership_id)
    with service_call(request=request) as call:
        membership_unmute(actor=request.user, group=group, member=target.user)
    if not call.refused:
        messages.success(
            request, _("%(name)s can post and chat again.") % {"name": target.user.username}
        )
    return redirect("groups:manage_members", slug=group.slug)


@post_only(to="groups:manage_members")
def member_restore(request, slug, membership_id):
    group, _access = _console_group(request, slug)
    target = _target(group, membership_id)
    with service_call(request=request) as call:
        restored = membership_restore(actor=request.user, group=group, member=target.user)
    if not call.refused:
        messages.success(
            request,
            _("%(name)s is back: %(state)s.")
            % {"name": target.user.username, "state": restored.get_state_display().lower()},
        )
    return redirect("groups:manage_members", slug=group.slug)


@post_only(to="groups:manage_requests")
def invite_new(request, slug):
    group, _access = _console_group(request, slug)
    form = InviteForm(request.POST)
    if form.is_valid():
        with service_call(request=request) as call:
            invite_create(actor=request.user, group=group, **form.cleaned_data)
        if not call.refused:
            messages.success(request, _("A new invitation link is ready below."))
    else:
        messages.error(request, _("An invitation lasts 1 to 30 days and admits 1 to 50 people."))
    return redirect("groups:manage_requests", slug=group.slug)


@post_only(to="groups:manage_requests")
def invite_cancel(request, slug, invite_id):
    group, _access = _console_group(request, slug)
    invitation = get_object_or_404(group.invites, pk=invite_id)
    invite_revoke(actor=request.user, invite=invitation)
    messages.success(request, _("The invitation link no longer works."))
    return redirect("groups:manage_requests", slug=group.slug)


def settings_update(request, slug):
    """The settings tab: GET shows the forms, POST saves the group's settings."""
    group, access = _console_group(request, slug)
    if request.method != "POST":
        return _settings_page(request, group, access)
    form = GroupSettingsForm(request.POST, instance=group)
    if not form.is_valid():
        group.refresh_from_db()
        return _settings_page(request, group, access, settings_form=form, status=400)
    data = dict(form.cleaned_data)
    with service_call(form=form) as call:
        group_settings_update(
            actor=request.user,
            group=group,
            ground_rules=data.pop("ground_rules"),
            topics=data.pop("topics"),
            **data,
        )
    if call.refused:
        group.refresh_from_db()
        return call.respond(_settings_page(request, group, access, settings_form=form))
    messages.success(request, _("The group's settings are saved."))
    return redirect("groups:settings", slug=group.slug)


@post_only(to="groups:settings")
def hours_update(request, slug):
    group, access = _console_group(request, slug)
    form = FacilitatorHoursForm(request.POST, group=group)
    if not form.is_valid():
        return _settings_page(request, group, access, hours_form=form, status=400)
    with service_call(form=form) as call:
        group_hours_update(
            actor=request.user,
            group=group,
            time_zone=form.cleaned_data["time_zone"],
            hours=form.cleaned_data["hours"],
        )
    if call.refused:
        return call.respond(_settings_page(request, group, access, hours_form=form, status=400))
    messages.success(request, _("The facilitator hours are saved."))
    return redirect("groups:settings", slug=group.slug)


@post_only(to="groups:settings")
def facilitators_update(request, slug):
    group, access = _console_group(request, slug)
    form = FacilitatorsForm(request.POST)
    if not access.is_moderator:
        raise PermissionDenied
    if form.is_valid():
        facilitators_set(actor=request.user, group=group, users=form.cleaned_data["facilitators"])
        messages.success(request, _("The facilitators are updated."))
    else:
        messages.error(request, " ".join(form.errors["facilitators"]))
    return redirect("groups:settings", slug=group.slug)
