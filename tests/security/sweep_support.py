"""What the authorization sweep needs: every URL pattern, people in every role, and a safe way
to send one request as each of them.

Kept apart from the table (``authz_table.py``) so that the table is the only thing that
changes when views are added.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from groups.models import Membership
from tests.factories import (
    FacilitatorMembershipFactory,
    MembershipFactory,
    ModeratorFactory,
    SupportGroupFactory,
    UserFactory,
    give_totp,
    mark_session_mfa,
)

ROLES = (
    "visitor",
    "unconfirmed",
    "nonmember",
    "requested",
    "muted",
    "removed",
    "member",
    "other_facilitator",
    "facilitator",
    "moderator",
)

# Included URL trees covered by one row each (their own apps test their insides).
COLLAPSED_PREFIXES = ("admin/", "django-admin/")

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


def resolver_routes() -> list[str]:
    """Every route of the project, spelled as the resolver spells it, admin trees collapsed."""
    routes: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route in COLLAPSED_PREFIXES:
                    routes.append(route + "*")
                else:
                    walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                routes.append(route)

    walk(get_resolver().url_patterns, "")
    return list(dict.fromkeys(routes))


@dataclass
class World:
    """One group with people in every role around it, plus objects to fill path parameters."""

    people: dict[str, object] = field(default_factory=dict)
    params: dict[str, object] = field(default_factory=dict)


def build_world() -> World:
    world = World()
    group = SupportGroupFactory(slug="sweep-group")
    other_group = SupportGroupFactory(slug="sweep-other")
    people = world.people
    people["visitor"] = None
    people["unconfirmed"] = UserFactory(username="sweep_unconfirmed", verified=False)
    people["nonmember"] = UserFactory(username="sweep_nonmember")
    people["requested"] = MembershipFactory(
        group=group, user=UserFactory(username="sweep_requested"), state=Membership.State.REQUESTED
    ).user
    people["muted"] = MembershipFactory(
        group=group,
        user=UserFactory(username="sweep_muted"),
        muted_until=timezone.now() + timezone.timedelta(hours=2),
    ).user
    people["removed"] = MembershipFactory(
        group=group, user=UserFactory(username="sweep_removed"), state=Membership.State.REMOVED
    ).user
    people["member"] = MembershipFactory(
        group=group, user=UserFactory(username="sweep_member")
    ).user
    people["other_facilitator"] = FacilitatorMembershipFactory(
        group=other_group, user=UserFactory(username="sweep_other_fac")
    ).user
    people["facilitator"] = FacilitatorMembershipFactory(
        group=group, user=UserFactory(username="sweep_facilitator")
    ).user
    people["moderator"] = ModeratorFactory(username="sweep_moderator")
    give_totp(people["moderator"])
    world.params.update(
        slug=group.slug,
        group_name=group.name,
        other_slug=other_group.slug,
        group_id=group.pk,
        member_id=people["member"].pk,
        member_pseudonym=people["member"].username,
        missing_id=987654,
    )
    from tests.security import sweep_objects  # noqa: PLC0415

    sweep_objects.add_objects(world, group=group)
    # Words only the group's members (and moderators) may ever see.
    world.params["private_words"] = (
        people["member"].username,
        people["muted"].username,
        people["facilitator"].username,
        "A sweep thread",
        "Opening words.",
    )
    return world


def client_for(world: World, role: str, **client_kwargs) -> Client:
    client = Client(**client_kwargs)
    user = world.people[role]
    if user is not None:
        client.force_login(user)
        if role == "moderator":
            mark_session_mfa(client, user)
    return client


def request_isolated(client: Client, method: str, path: str, data=None):
    """Send one request and undo everything it changed: rows, session, cookies, cache."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        send = getattr(client, method.lower())
        response = send(path, data or {}) if method != "GET" else send(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    client.cookies = cookies
    cache.clear()
    return response
