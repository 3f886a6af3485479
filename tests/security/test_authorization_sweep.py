"""Every route of the project, as every role, against the one table in ``authz_table.py``.

Routes come from the URL resolver, so a new view without a row fails
``test_every_route_of_the_project_has_a_row_in_the_table`` until its expectations are written.
Along the way each page is checked for what every page must honour: no inline script or style
(the CSP forbids them), ``no-store`` for signed-in people, and a 404 that names nothing.
"""

import re

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from tests.security.authz_table import ROUTES, WEBSOCKET_ROUTES
from tests.security.sweep_support import (
    ROLES,
    build_world,
    client_for,
    request_isolated,
    resolver_routes,
)

SIGN_IN_PATHS = ("/accounts/login/", "/admin/login/", "/django-admin/login/")
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I
)
INLINE_STYLE = re.compile(r"<style\b|<[a-z][^>]*\sstyle\s*=", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def expand(tokens: str) -> list[str]:
    expanded = []
    for token in tokens.split():
        value, _, times = token.partition("x")
        expanded += [value] * (int(times) if times else 1)
    assert len(expanded) == len(ROLES), f"{tokens!r} must give {len(ROLES)} expectations"
    return expanded


def outcome(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        return "L" if location.split("?")[0].endswith(SIGN_IN_PATHS) else "R"
    return str(response.status_code)


def test_every_route_of_the_project_has_a_row_in_the_table():
    missing = [route for route in resolver_routes() if route not in ROUTES]

    assert missing == [], "Add these routes to tests/security/authz_table.py:\n" + "\n".join(
        missing
    )


def test_every_row_of_the_table_is_a_route_of_the_project():
    stale = sorted(set(ROUTES) - set(resolver_routes()))

    assert stale == [], "These rows match no route any more:\n" + "\n".join(stale)


def test_every_row_gives_one_expectation_per_role():
    for _path, get, post in ROUTES.values():
        expand(get)
        expand(post)


@pytest.fixture
def world(db):
    return build_world()


# Roles with no seat in the group: no page may show them its members or its words.
OUTSIDERS = {"visitor", "unconfirmed", "nonmember", "requested", "removed", "other_facilitator"}


def page_problems(
    route: str, role: str, response, group_name: str, private: tuple[str, ...] = ()
) -> list[str]:
    problems = []
    content_type = response.get("Content-Type", "")
    if role != "visitor" and response.status_code < 500:
        if "no-store" not in response.get("Cache-Control", ""):
            problems.append(f"{route} as {role}: signed-in response without no-store")
    if hasattr(response, "streaming_content") or "text/html" not in content_type:
        return problems
    html = response.content.decode(errors="replace")
    if response.status_code == 200 and not route.startswith(("admin/", "django-admin/")):
        for name, pattern in (
            ("inline script", INLINE_SCRIPT),
            ("inline style", INLINE_STYLE),
            ("inline event handler", INLINE_HANDLER),
        ):
            if match := pattern.search(html):
                problems.append(f"{route} as {role}: {name} {match.group(0)[:80]!r}")
    if response.status_code == 404 and group_name in html:
        problems.append(f"{route} as {role}: the 404 names the group")
    if role in OUTSIDERS and response.status_code == 200:
        path = response.wsgi_request.get_full_path()
        for secret in private:
            if secret in html and secret not in path:
                problems.append(f"{route} as {role}: shows {secret!r} from inside the group")
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_table_says(world, role):
    client = client_for(world, role)
    column = ROLES.index(role)
    group_name = world.params["group_name"]
    mismatches, problems = [], []
    seen_private: set[str] = set()
    for route, (path_template, get, post) in ROUTES.items():
        path = path_template.format(**world.params)
        for method, tokens in (("GET", get), ("POST", post)):
            expected = expand(tokens)[column]
            response = request_isolated(client, method, path)
            got = outcome(response)
            if got != expected:
                mismatches.append(f"{method} {path} ({route}): expected {expected}, got {got}")
            problems += page_problems(
                route, role, response, group_name, world.params["private_words"]
            )
            if response.status_code == 200 and not hasattr(response, "streaming_content"):
                body = response.content.decode(errors="replace")
                seen_private |= {w for w in world.params["private_words"] if w in body}

    assert mismatches == [], f"as {role}:\n" + "\n".join(mismatches)
    assert problems == [], "\n".join(problems)
    if role == "member":  # the leak check looks for words that really are on members' pages
        assert seen_private == set(world.params["private_words"])


def test_every_websocket_route_has_a_row_in_the_table():
    from community.routing import websocket_urlpatterns

    routes = [str(pattern.pattern) for pattern in websocket_urlpatterns]

    assert sorted(set(routes) - set(WEBSOCKET_ROUTES)) == []
    assert sorted(set(WEBSOCKET_ROUTES) - set(routes)) == []


async def websocket_outcome(world, role: str, path: str) -> str:
    from community.asgi import application

    client = await sync_to_async(client_for)(world, role)
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if "sessionid" in client.cookies:
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect(timeout=3)
    if connected:
        # Some consumers accept first and then close with a reason code (chat/PROTOCOL.md).
        if not await communicator.receive_nothing(timeout=1):
            first = await communicator.receive_output(timeout=2)
            if first["type"] == "websocket.close":
                return str(first.get("code"))
    await communicator.disconnect()
    return "accept" if connected else str(code)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("route", sorted(WEBSOCKET_ROUTES))
@pytest.mark.usefixtures("close_worker_connections")
async def test_every_websocket_route_answers_each_role_as_the_table_says(route):
    world = await sync_to_async(build_world)()
    path_template, tokens = WEBSOCKET_ROUTES[route]
    path = path_template.format(**world.params)
    expected = expand(tokens)
    got = [await websocket_outcome(world, role, path) for role in ROLES]

    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))
