"""The member list and the facilitator console ask the request's one access object: who may
open them, whom each person sees, and on whom each person may act, role by role."""

import pytest
from django.test import Client
from django.urls import reverse

from community.accounts.models import KeepApart
from groups.models import Membership
from tests.factories import (
    FacilitatorMembershipFactory,
    MembershipFactory,
    SupportGroupFactory,
    sign_in_with_mfa,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(group, member, facilitator, moderator, outsider):
    """A group with a facilitator, a co-facilitator, a member and someone the member keeps
    apart from; a moderator and an outsider hold no seat; a facilitator of another group."""
    co_facilitator = FacilitatorMembershipFactory(group=group).user
    kept_apart = MembershipFactory(group=group).user
    KeepApart.objects.create(user=member, other=kept_apart)
    elsewhere = FacilitatorMembershipFactory(group=SupportGroupFactory()).user
    return {
        "member": member,
        "facilitator": facilitator,
        "co_facilitator": co_facilitator,
        "kept_apart": kept_apart,
        "moderator": moderator,
        "outsider": outsider,
        "elsewhere": elsewhere,
    }


def _client_for(user, *, moderator=False) -> Client:
    client = Client()
    if moderator:
        return sign_in_with_mfa(client, user)
    client.force_login(user)
    return client


def _as(people, role) -> Client:
    return _client_for(people[role], moderator=role == "moderator")


def _seat(user, group) -> Membership:
    return Membership.objects.get(user=user, group=group)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("outsider", 404),
        ("elsewhere", 404),
        ("member", 200),
        ("kept_apart", 200),
        ("co_facilitator", 200),
        ("facilitator", 200),
        ("moderator", 200),
    ],
)
def test_the_member_list_opens_for_members_and_moderators_and_is_404_to_anyone_else(
    people, group, role, status
):
    response = _as(people, role).get(reverse("groups:members", args=[group.slug]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "hidden"),
    [
        ("member", "kept_apart"),
        ("kept_apart", "member"),
    ],
)
def test_two_people_kept_apart_do_not_see_each_other_in_the_member_list(
    people, group, role, hidden
):
    html = _as(people, role).get(reverse("groups:members", args=[group.slug])).content.decode()

    assert people[hidden].username not in html
    assert people["facilitator"].username in html


@pytest.mark.parametrize("role", ["facilitator", "co_facilitator", "moderator"])
def test_facilitators_and_moderators_see_everyone_in_the_member_list_even_with_a_keep_apart_entry(
    people, group, role
):
    KeepApart.objects.create(user=people[role], other=people["member"])

    html = _as(people, role).get(reverse("groups:members", args=[group.slug])).content.decode()

    assert people["member"].username in html
    assert people["kept_apart"].username in html


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("outsider", 404),
        ("elsewhere", 404),
        ("member", 403),
        ("kept_apart", 403),
        ("co_facilitator", 200),
        ("facilitator", 200),
        ("moderator", 200),
    ],
)
@pytest.mark.parametrize(
    "url_name", ["groups:manage", "groups:manage_members", "groups:manage_requests"]
)
def test_the_console_is_404_to_non_members_403_to_members_and_open_to_facilitators(
    people, group, role, status, url_name
):
    response = _as(people, role).get(reverse(url_name, args=[group.slug]))

    assert response.status_code == status


def _mute_link(group, user) -> str:
    return reverse("groups:member_mute", args=[group.slug, _seat(user, group).pk])


@pytest.mark.parametrize(
    ("role", "may_act_on", "may_not_act_on"),
    [
        ("facilitator", ["member", "kept_apart"], ["facilitator", "co_facilitator"]),
        ("co_facilitator", ["member", "kept_apart"], ["facilitator", "co_facilitator"]),
        ("moderator", ["member", "kept_apart", "facilitator", "co_facilitator"], []),
    ],
)
def test_the_console_members_tab_offers_mute_and_remove_only_where_the_role_may_act(
    people, group, role, may_act_on, may_not_act_on
):
    html = _as(people, role).get(reverse("groups:manage_members", args=[group.slug]))
    html = html.content.decode()

    for name in may_act_on:
        assert _mute_link(group, people[name]) in html, name
    for name in may_not_act_on:
        assert people[name].username in html  # listed, without the buttons
        assert _mute_link(group, people[name]) not in html, name


def test_a_facilitator_with_a_keep_apart_entry_still_sees_and_can_act_on_that_member(people, group):
    KeepApart.objects.create(user=people["facilitator"], other=people["member"])

    html = _as(people, "facilitator").get(reverse("groups:manage_members", args=[group.slug]))

    assert _mute_link(group, people["member"]) in html.content.decode()


def test_a_facilitator_asking_to_remove_a_co_facilitator_is_sent_back_with_the_reason(
    people, group
):
    url = reverse(
        "groups:member_remove", args=[group.slug, _seat(people["co_facilitator"], group).pk]
    )

    response = _as(people, "facilitator").get(url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("groups:manage_members", args=[group.slug])
    assert "Please ask a moderator to act on a facilitator" in response.content.decode()
    assert _seat(people["co_facilitator"], group).state == Membership.State.ACTIVE


def test_a_moderator_reaches_the_confirmation_step_for_removing_a_facilitator(people, group):
    url = reverse(
        "groups:member_remove", args=[group.slug, _seat(people["co_facilitator"], group).pk]
    )

    response = _as(people, "moderator").get(url)

    assert response.status_code == 200
    assert people["co_facilitator"].username in response.content.decode()


@pytest.mark.parametrize(("role", "shown"), [("moderator", True), ("facilitator", False)])
def test_only_moderators_see_the_form_that_names_facilitators(people, group, role, shown):
    html = _as(people, role).get(reverse("groups:settings", args=[group.slug])).content.decode()

    assert (reverse("groups:facilitators", args=[group.slug]) in html) is shown


def test_a_member_of_another_group_gets_404_from_this_groups_member_list_and_console(group):
    stranger = MembershipFactory(group=SupportGroupFactory()).user
    client = _client_for(stranger)

    assert client.get(reverse("groups:members", args=[group.slug])).status_code == 404
    assert client.get(reverse("groups:manage_members", args=[group.slug])).status_code == 404
