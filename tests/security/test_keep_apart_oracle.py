"""Keeping people apart never tells the joiner where the other person is (issue 20, finding 1).

Each test builds the same world twice, rolled back in between so row ids line up: once with
the named person seated in the group, once with a stand-in in that seat and the named person
in another group. Then it records everything the joiner can observe on the way in: the group
page before, the join response (status, headers, redirect), the page it leads to (with its
messages), the group page, the member list, the chat page and the directory after, their
notifications and emails, and the number of database queries the join took (its timing
class). The two records must be identical, with per-session CSRF tokens masked.

Both separations (enforced by moderators, either person having asked) and self-service
entries are covered, for open, request, full and invite-only groups.
"""

import pytest
from django.apps import apps
from django.core import mail
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.accounts.models import KeepApart, SeparationRequest
from groups.models import GroupInvite, Membership, SupportGroup
from notifications.models import Notification
from tests.factories import FacilitatorMembershipFactory, MembershipFactory, UserFactory
from tests.security.observe import assert_same, normalise_html

pytestmark = pytest.mark.django_db

INVITE_TOKEN = "fixed-invite-token-for-comparison"
# Clock and per-session values: present in both, masked (their names are still compared).
MASKED_HEADERS = {"date", "expires", "set-cookie"}


class _Rollback(Exception):
    pass


def _reset_sequences() -> None:
    """PostgreSQL sequences ignore rollbacks: point them back at the table contents so both
    worlds get the same ids (SQLite's AUTOINCREMENT rolls back by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _build(*, scenario: str, mode: str, named_in_group: bool):
    facilitator = UserFactory(username="facilitator_f")
    joiner = UserFactory(username="joiner_j")
    named = UserFactory(username="named_n")
    stand_in = UserFactory(username="stand_in_s")
    policy = {"invite": SupportGroup.JoinPolicy.INVITE, "request": SupportGroup.JoinPolicy.REQUEST}
    group = SupportGroup.objects.create(
        name="Quiet circle",
        slug="quiet-circle",
        description="A small group.",
        ground_rules="Be kind.",
        join_policy=policy.get(scenario, SupportGroup.JoinPolicy.OPEN),
        capacity=2 if scenario == "full" else 6,
        premoderated_post_count=0,
    )
    elsewhere = SupportGroup.objects.create(
        name="Elsewhere", slug="elsewhere", description="d", ground_rules="r", capacity=6
    )
    FacilitatorMembershipFactory(group=group, user=facilitator)
    if named_in_group is None:  # nobody in that seat (only for checking the harness)
        MembershipFactory(group=elsewhere, user=named)
        MembershipFactory(group=elsewhere, user=stand_in)
    else:
        occupant, away = (named, stand_in) if named_in_group else (stand_in, named)
        MembershipFactory(group=group, user=occupant)
        MembershipFactory(group=elsewhere, user=away)
    if scenario == "invite":
        GroupInvite.objects.create(
            group=group,
            token=INVITE_TOKEN,
            created_by=facilitator,
            expires_at=timezone.now() + timezone.timedelta(days=3),
        )
    if mode == "joiner_asked":
        SeparationRequest.objects.create(
            requester=joiner, other=named, state=SeparationRequest.State.ENFORCED
        )
    elif mode == "named_person_asked":
        SeparationRequest.objects.create(
            requester=named, other=joiner, state=SeparationRequest.State.ENFORCED
        )
    elif mode == "self_service":
        KeepApart.objects.create(user=joiner, other=named)
    return joiner, group


def _page(client, url: str) -> tuple:
    response = client.get(url)
    return (url, response.status_code, normalise_html(response.content.decode()))


def _headers(response) -> dict:
    return {
        key.lower(): "MASKED" if key.lower() in MASKED_HEADERS else value
        for key, value in response.items()
    }


def _observe(*, scenario: str, mode: str, named_in_group: bool) -> dict:
    """Everything the joiner sees, in a world rolled back afterwards."""
    observed: dict = {}
    _reset_sequences()
    cache.clear()
    mail.outbox = []
    try:
        with transaction.atomic():
            joiner, group = _build(scenario=scenario, mode=mode, named_in_group=named_in_group)
            client = Client()
            client.force_login(joiner)
            about = group.get_absolute_url()
            if scenario == "invite":
                join_url = reverse("groups:invite", args=[group.slug, INVITE_TOKEN])
                observed["before"] = _page(client, join_url)
            else:
                join_url = reverse("groups:join", args=[group.slug])
                observed["before"] = _page(client, about)
            observed["directory before"] = _page(client, reverse("groups:directory"))
            with CaptureQueriesContext(connection) as queries:
                response = client.post(join_url, {"accept_rules": "on", "message": "Hello."})
            observed["join"] = (response.status_code, _headers(response))
            observed["join queries"] = len(queries.captured_queries)
            location = response.get("Location")
            if location:
                observed["after redirect"] = _page(client, location)
            observed["group page"] = _page(client, about)
            observed["chat page"] = _page(client, reverse("chat:room", args=[group.slug]))
            if mode != "self_service":
                # A self-service entry never keeps anyone out, so the joiner is seated and
                # sees the member list any member sees; under a separation it is a 404.
                observed["members"] = _page(client, reverse("groups:members", args=[group.slug]))
            observed["directory after"] = _page(client, reverse("groups:directory"))
            observed["notifications page"] = _page(client, reverse("accounts:notifications"))
            observed["notifications"] = [
                (n.kind, n.text, n.url, n.priority)
                for n in Notification.objects.filter(recipient=joiner).order_by("pk")
            ]
            observed["membership"] = list(
                Membership.objects.filter(user=joiner).values_list("group__slug", "state", "role")
            )
            observed["emails"] = [
                (m.to, m.subject, m.body) for m in mail.outbox if joiner.email in m.to
            ]
            raise _Rollback
    except _Rollback:
        pass
    return observed


MODES = ["joiner_asked", "named_person_asked", "self_service"]
SCENARIOS = ["open", "request", "full", "invite"]


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("mode", MODES)
def test_every_response_a_joiner_observes_is_the_same_whether_or_not_the_named_person_is_there(
    scenario, mode
):
    with_named = _observe(scenario=scenario, mode=mode, named_in_group=True)
    without_named = _observe(scenario=scenario, mode=mode, named_in_group=False)

    assert with_named.keys() == without_named.keys()
    for key in with_named:
        assert_same(with_named[key], without_named[key], what=f"{mode}/{scenario}: {key}")


def test_the_comparison_sees_a_difference_when_there_is_one():
    """The harness is not blind: an empty seat instead of an occupied one shows."""
    occupied = _observe(scenario="open", mode="joiner_asked", named_in_group=True)
    empty = _observe(scenario="open", mode="joiner_asked", named_in_group=None)

    with pytest.raises(AssertionError):
        assert_same(occupied["directory before"], empty["directory before"], what="directory")


@pytest.mark.parametrize("mode", ["joiner_asked", "named_person_asked"])
def test_under_a_separation_an_open_group_join_is_a_pending_request_in_ordinary_words(mode):
    observed = _observe(scenario="open", mode=mode, named_in_group=True)

    assert observed["membership"] == [("quiet-circle", "requested", "member")]
    assert "Your request is sent. A facilitator will reply soon." in observed["after redirect"][2]
    assert observed["join"][0] == 302


def test_a_self_service_entry_seats_the_joiner_like_anyone_else():
    observed = _observe(scenario="open", mode="self_service", named_in_group=True)

    assert observed["membership"] == [("quiet-circle", "active", "member")]
    assert "Welcome to the group." in observed["after redirect"][2]
