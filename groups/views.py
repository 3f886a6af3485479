"""Thin views for the directory, the about page and membership: read input, call, respond."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from community.crisis_screen import search_reads_as_crisis
from community.errors import service_call
from community.http import post_only

from .access import group_access, group_access_for
from .forms import AcceptRulesForm, GroupCreateForm, JoinForm, SearchForm
from .models import Membership
from .permissions import check_can_create_groups
from .selectors import (
    directory_topics,
    group_content_or_404,
    group_public_or_404,
    groups_for_directory,
    invite_or_404,
    members_of,
    membership_for,
    offer_is_open,
    search_posts,
    seats_left,
    threads_for,
)
from .services import (
    membership_accept_offer,
    membership_accept_rules,
    membership_join,
    membership_join_by_invite,
    membership_leave,
)
from .settings_services import group_create

THREADS_PER_PAGE = 30
SEARCH_RESULTS_PER_PAGE = 20


def directory(request):
    topic = request.GET.get("topic") or None
    language = request.GET.get("language") or None
    groups = list(groups_for_directory(topic=topic, language=language))
    for group in groups:
        group.seats_left = seats_left(group)
    return render(
        request,
        "groups/directory.html",
        {"groups": groups, "topic": topic, "language": language, "topics": directory_topics()},
    )


def _about(request, group, membership, *, form=None, status=200):
    group.seats_left = seats_left(group)
    return render(
        request,
        "groups/about.html",
        {
            "group": group,
            "membership": membership,
            "form": form or JoinForm(),
            "offer_open": offer_is_open(membership),
        },
        status=status,
    )


def detail(request, slug):
    group = group_public_or_404(slug=slug)
    membership = membership_for(user=request.user, group=group)
    access = group_access_for(user=request.user, group=group, membership=membership)
    if not access.can_view:
        return _about(request, group, membership)
    threads = threads_for(user=request.user, group=group, membership=membership)
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "groups/forum.html",
        {
            "group": group,
            "membership": membership,
            "page": page,
            "access": access,
            "needs_rules": bool(membership and not membership.has_accepted_current_rules),
        },
    )


@login_required
@post_only(to="groups:detail")
def join(request, slug):
    group = group_public_or_404(slug=slug)
    form = JoinForm(request.POST)
    if not form.is_valid():
        membership = membership_for(user=request.user, group=group)
        return _about(request, group, membership, form=form, status=400)
    with service_call(request=request) as call:
        membership = membership_join(
            user=request.user,
            group=group,
            accepted_rules=form.cleaned_data["accept_rules"],
            message=form.cleaned_data["message"],
        )
    if call.refused:
        return redirect(group.get_absolute_url())
    messages.success(request, join_message(membership.state))
    return redirect(group.get_absolute_url())


def join_message(state: str) -> str:
    return {
        Membership.State.ACTIVE: _("Welcome to the group."),
        Membership.State.REQUESTED: _("Your request is sent. A facilitator will reply soon."),
        Membership.State.WAITLISTED: _("The group is full for now; you are on the waitlist."),
        Membership.State.OFFERED: _("A seat is waiting for you."),
    }.get(state, _("Your membership is updated."))


@login_required
@post_only(to="groups:detail")
def leave(request, slug):
    group = group_public_or_404(slug=slug)
    membership_leave(user=request.user, group=group)
    messages.success(
        request,
        _("You have left %(group)s. You are welcome back whenever it feels right.")
        % {"group": group.name},
    )
    return redirect("groups:directory")


@login_required
@post_only(to="groups:detail")
def accept_offer(request, slug):
    group = group_public_or_404(slug=slug)
    with service_call(request=request) as call:
        membership_accept_offer(user=request.user, group=group)
    if not call.refused:
        messages.success(request, _("Welcome to the group."))
    return redirect(group.get_absolute_url())


def rules(request, slug):
    """Members read the current ground rules and accept a new version."""
    group, membership = group_content_or_404(user=request.user, slug=slug)
    form = AcceptRulesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership_accept_rules(user=request.user, group=group)
        messages.success(request, _("Thank you. You can post and chat again."))
        return redirect(group.get_absolute_url())
    return render(
        request,
        "groups/rules.html",
        {"group": group, "membership": membership, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def members(request, slug):
    group, membership = group_content_or_404(user=request.user, slug=slug)
    access = group_access(request, group, membership)
    return render(
        request,
        "groups/members.html",
        {
            "group": group,
            "membership": membership,
            "access": access,
            "members": members_of(group=group, access=access),
        },
    )


def invite(request, slug, token):
    """An invitation link: shows the group and its rules, and joins on accepting them."""
    invitation = invite_or_404(slug=slug, token=token)
    group = group_public_or_404(slug=slug)
    form = JoinForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse_login()}?next={request.path}")
        if form.is_valid():
            with service_call(request=request) as call:
                membership = membership_join_by_invite(
                    user=request.user,
                    token=token,
                    accepted_rules=form.cleaned_data["accept_rules"],
                )
            if not call.refused:
                messages.success(request, join_message(membership.state))
                return redirect(group.get_absolute_url())
    group.seats_left = seats_left(group)
    return render(
        request,
        "groups/invite.html",
        {"group": group, "invite": invitation, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def reverse_login() -> str:
    return reverse("account_login")


def create(request):
    """Moderators open a group and name its facilitators."""
    check_can_create_groups(request.user)
    form = GroupCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        with service_call(form=form) as call:
            group = group_create(
                actor=request.user,
                name=data.pop("name"),
                slug=data.pop("slug"),
                description=data.pop("description"),
                ground_rules=data.pop("ground_rules"),
                facilitators=data.pop("facilitators"),
                topics=data.pop("topics"),
                **data,
            )
        if not call.refused:
            messages.success(request, _("The group is open."))
            return redirect(group.get_absolute_url())
    return render(request, "groups/create.html", {"form": form})


def search(request):
    """Search thread titles and posts, only ever within the groups the viewer belongs to."""
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    group = None
    if request.GET.get("group"):
        group, _membership = group_content_or_404(user=request.user, slug=request.GET["group"])
    page = None
    if query:
        results = search_posts(user=request.user, query=query, group=group)
        page = Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "groups/search.html",
        {
            "form": form,
            "query": query,
            "group": group,
            "page": page,
            "page_query": urlencode({"q": query, **({"group": group.slug} if group else {})}),
            "show_help": bool(query) and search_reads_as_crisis(query),
        },
    )
