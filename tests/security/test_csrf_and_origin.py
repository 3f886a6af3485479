"""CSRF on every unsafe request to every route, and websockets only from our own origin."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from tests.security.authz_table import ROUTES, WEBSOCKET_ROUTES
from tests.security.sweep_support import build_world, client_for, request_isolated

# Routes that may take a POST without a CSRF token, and why. Keep this empty unless a route
# truly takes no cookie-authenticated action.
CSRF_EXEMPT: dict[str, str] = {}


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("role", ["visitor", "member", "facilitator", "moderator"])
def test_every_route_refuses_a_post_without_a_csrf_token(world, role):
    client = client_for(world, role, enforce_csrf_checks=True)
    accepted = []
    for route, (path_template, _get, _post) in ROUTES.items():
        if route in CSRF_EXEMPT:
            continue
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            response = request_isolated(client, method, path_template.format(**world.params))
            if response.status_code != 403:
                accepted.append(f"{method} {route}: {response.status_code}")

    assert accepted == []


def test_a_post_with_the_csrf_token_gets_past_the_check(world):
    client = client_for(world, "member", enforce_csrf_checks=True)
    client.get("/me/blocked/")
    token = client.cookies["csrftoken"].value

    response = request_isolated(
        client, "POST", "/me/blocked/", {"pseudonym": "", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 400


async def connect_from(origin: bytes, path: str, cookie: str = "") -> tuple[bool, int | None]:
    from community.asgi import application

    headers = [(b"origin", origin), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect(timeout=3)
    await communicator.disconnect()
    return connected, code


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("route", sorted(WEBSOCKET_ROUTES))
@pytest.mark.usefixtures("close_worker_connections")
async def test_websockets_from_a_foreign_origin_are_refused(route, settings):
    settings.BENCH_REFERENCE_VIEWS = True  # even the bench echo refuses foreign pages
    world = await sync_to_async(build_world)()
    client = await sync_to_async(client_for)(world, "member")
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    path = WEBSOCKET_ROUTES[route][0].format(**world.params)

    connected, _code = await connect_from(b"http://evil.example", path, cookie)

    assert not connected


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("close_worker_connections")
async def test_websockets_without_an_origin_header_are_refused():
    world = await sync_to_async(build_world)()
    client = await sync_to_async(client_for)(world, "member")
    from community.asgi import application

    communicator = WebsocketCommunicator(
        application,
        "/ws/notifications/",
        headers=[
            (b"host", b"testserver"),
            (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
        ],
    )
    connected, _code = await communicator.connect(timeout=3)
    await communicator.disconnect()

    assert not connected


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("close_worker_connections")
async def test_websockets_from_our_own_origin_connect():
    world = await sync_to_async(build_world)()
    client = await sync_to_async(client_for)(world, "member")
    cookie = f"sessionid={client.cookies['sessionid'].value}"

    connected, _code = await connect_from(b"http://testserver", "/ws/notifications/", cookie)

    assert connected


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("close_worker_connections")
@pytest.mark.parametrize(
    ("origin", "host", "expected"),
    [
        (b"http://testserver", b"testserver", True),
        (b"http://testserver:8000", b"testserver:8000", True),
        (b"http://testserver:8001", b"testserver:8000", False),  # another port, same host
        (b"http://testserver:8000", b"testserver", False),
        (b"https://testserver", b"testserver", False),  # the socket is plain ws
        (b"ftp://testserver", b"testserver", False),
        (b"http://testserver.evil.example", b"testserver", False),
        (b"null", b"testserver", False),
        (b"http://testserver", b"evil.example", False),  # a host we do not serve
    ],
)
async def test_a_websocket_origin_must_match_scheme_host_and_port(origin, host, expected):
    """Issue 20 hardening: the Origin check compared host names only."""
    world = await sync_to_async(build_world)()
    client = await sync_to_async(client_for)(world, "member")
    from community.asgi import application

    communicator = WebsocketCommunicator(
        application,
        "/ws/notifications/",
        headers=[
            (b"origin", origin),
            (b"host", host),
            (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
        ],
    )
    connected, _code = await communicator.connect(timeout=3)
    await communicator.disconnect()

    assert connected is expected


def test_https_origins_need_wss_or_a_trusted_proxy_header(settings):
    from community.ws_origin import origin_allowed

    scope = {
        "type": "websocket",
        "scheme": "ws",
        "headers": [
            (b"origin", b"https://testserver"),
            (b"host", b"testserver"),
            (b"x-forwarded-proto", b"https"),
        ],
    }
    settings.TRUST_X_FORWARDED_PROTO = False
    untrusted = origin_allowed(scope)
    settings.TRUST_X_FORWARDED_PROTO = True
    trusted = origin_allowed(scope)

    assert (untrusted, trusted) == (False, True)
    assert origin_allowed({**scope, "scheme": "wss", "headers": scope["headers"][:2]})


def test_a_listed_trusted_origin_may_open_websockets(settings):
    from community.ws_origin import origin_allowed

    settings.CSRF_TRUSTED_ORIGINS = ["https://community.example.org"]
    scope = {
        "type": "websocket",
        "scheme": "ws",
        "headers": [(b"origin", b"https://community.example.org"), (b"host", b"internal:8000")],
    }

    assert origin_allowed(scope)
