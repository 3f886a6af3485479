"""Thin views: read input, call a selector or a service, render or redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .forms import JoinForm
from .permissions import can_view_group_content
from .selectors import group_public_or_404, groups_for_directory, membership_for, seats_left
from .services import membership_join


def directory(request):
    topic = request.GET.get("topic") or None
    language = request.GET.get("language") or None
    groups = list(groups_for_directory(topic=topic, language=language))
    for group in groups:
        group.seats_left = seats_left(group)
    return render(
        request,
        "groups/directory.html",
        {"groups": groups, "topic": topic, "language": language},
    )


def detail(request, slug):
    group = group_public_or_404(slug=slug)
    membership = membership_for(user=request.user, group=group)
    if can_view_group_content(request.user, membership):
        return render(request, "groups/forum.html", {"group": group, "membership": membership})
    group.seats_left = seats_left(group)
    return render(
        request,
        "groups/about.html",
        {"group": group, "membership": membership, "form": JoinForm()},
    )


@login_required
@require_POST
def join(request, slug):
    group = group_public_or_404(slug=slug)
    form = JoinForm(request.POST)
    if not form.is_valid():
        group.seats_left = seats_left(group)
        membership = membership_for(user=request.user, group=group)
        return render(
            request,
            "groups/about.html",
            {"group": group, "membership": membership, "form": form},
            status=400,
        )
    try:
        membership = membership_join(
            user=request.user,
            group=group,
            accepted_rules=form.cleaned_data["accept_rules"],
            message=form.cleaned_data["message"],
        )
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
        return redirect(group.get_absolute_url())
    messages.success(request, _JOIN_MESSAGES[membership.state])
    return redirect(group.get_absolute_url())


_JOIN_MESSAGES = {
    "active": "Welcome to the group.",
    "requested": "Your request is sent. A facilitator will reply soon.",
    "waitlisted": "The group is full for now; you are on the waitlist.",
    "offered": "A seat is waiting for you.",
}
