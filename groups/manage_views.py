"""The facilitator console: requests, members, waitlist, invitations, settings, the queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import gettext as _

from community.errors import service_call
from community.http import post_only

from .forms import FacilitatorHoursForm, FacilitatorsForm, GroupSettingsForm, InviteForm
from .models import Membership
from .permissions import check_can_facilitate, is_moderator
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
    membership_remove,
)
from .settings_services import facilitators_set, group_hours_update, group_settings_update

GROUP_QUEUE_TEMPLATE = "moderation/includes/group_queue.html"


def _console_group(request, slug):
    group, membership = group_content_or_404(user=request.user, slug=slug)
    check_can_facilitate(request.user, membership)
    return group, membership


def _has_template(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def console(request, slug, settings_form=None, hours_form=None, status=200):
    group, membership = _console_group(request, slug)
    group.seats_left = seats_left(group)
    settings_form = settings_form or GroupSettingsForm(instance=group)
    hours_form = hours_form or FacilitatorHoursForm(group=group)
    return render(
        request,
        "groups/manage.html",
        {
            "group": group,
            "membership": membership,
            "requests": pending_for_console(group=group, state=Membership.State.REQUESTED),
            "waitlist": pending_for_console(group=group, state=Membership.State.WAITLISTED),
            "offers": pending_for_console(group=group, state=Membership.State.OFFERED),
            "members": members_of(user=request.user, group=group),
            "invites": invites_for_console(group=group),
            "invite_form": InviteForm(),
            "settings_form": settings_form,
            "hours_form": hours_form,
            "facilitators_form": FacilitatorsForm() if is_moderator(request.user) else None,
            "has_group_queue": _has_template(GROUP_QUEUE_TEMPLATE),
        },
        status=status,
    )


def _target(group, membership_id):
    return get_object_or_404(
        Membership.objects.select_related("user", "group"), pk=membership_id, group=group
    )


@post_only(to="groups:manage")
def request_decision(request, slug, membership_id):
    group, _membership = _console_group(request, slug)
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
    return redirect("groups:manage", slug=group.slug)


@post_only(to="groups:manage")
def member_remove(request, slug, membership_id):
    group, _membership = _console_group(request, slug)
    target = _target(group, membership_id)
    with service_call(request=request) as call:
        membership_remove(
            actor=request.user,
            group=group,
            member=target.user,
            reason=request.POST.get("reason", ""),
        )
    if not call.refused:
        messages.success(
            request, _("%(name)s is removed from the group.") % {"name": target.user.username}
        )
    return redirect("groups:manage", slug=group.slug)


@post_only(to="groups:manage")
def invite_new(request, slug):
    group, _membership = _console_group(request, slug)
    form = InviteForm(request.POST)
    if form.is_valid():
        with service_call(request=request) as call:
            invite_create(actor=request.user, group=group, **form.cleaned_data)
        if not call.refused:
            messages.success(request, _("A new invitation link is ready below."))
    else:
        messages.error(request, _("An invitation lasts 1 to 30 days and admits 1 to 50 people."))
    return redirect("groups:manage", slug=group.slug)


@post_only(to="groups:manage")
def invite_cancel(request, slug, invite_id):
    group, _membership = _console_group(request, slug)
    invitation = get_object_or_404(group.invites, pk=invite_id)
    invite_revoke(actor=request.user, invite=invitation)
    messages.success(request, _("The invitation link no longer works."))
    return redirect("groups:manage", slug=group.slug)


@post_only(to="groups:manage")
def settings_update(request, slug):
    group, _membership = _console_group(request, slug)
    form = GroupSettingsForm(request.POST, instance=group)
    if not form.is_valid():
        group.refresh_from_db()
        return console(request, slug, settings_form=form, status=400)
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
        return call.respond(console(request, slug, settings_form=form))
    messages.success(request, _("The group's settings are saved."))
    return redirect("groups:manage", slug=group.slug)


@post_only(to="groups:manage")
def hours_update(request, slug):
    group, _membership = _console_group(request, slug)
    form = FacilitatorHoursForm(request.POST, group=group)
    if not form.is_valid():
        return console(request, slug, hours_form=form, status=400)
    with service_call(form=form) as call:
        group_hours_update(
            actor=request.user,
            group=group,
            time_zone=form.cleaned_data["time_zone"],
            hours=form.cleaned_data["hours"],
        )
    if call.refused:
        return call.respond(console(request, slug, hours_form=form, status=400))
    messages.success(request, _("The facilitator hours are saved."))
    return redirect("groups:manage", slug=group.slug)


@post_only(to="groups:manage")
def facilitators_update(request, slug):
    group, _membership = _console_group(request, slug)
    form = FacilitatorsForm(request.POST)
    if not is_moderator(request.user):
        raise PermissionDenied
    if form.is_valid():
        facilitators_set(actor=request.user, group=group, users=form.cleaned_data["facilitators"])
        messages.success(request, _("The facilitators are updated."))
    else:
        messages.error(request, " ".join(form.errors["facilitators"]))
    return redirect("groups:manage", slug=group.slug)
