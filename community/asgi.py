"""ASGI entry point for daphne: HTTP through Django, websockets through Channels.

``get_asgi_application()`` runs first so the app registry is ready before any consumer (and so
any model) is imported. Websockets pass the origin check (scheme, host and port:
``community.ws_origin``), then the session auth middleware, then the session's second-factor
mark is read and the person's language is activated (``community.languages``).
"""

from community.env import configure_settings_module

configure_settings_module()

from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from community.accounts.middleware import WebsocketSessionSecondFactorMiddleware  # noqa: E402
from community.languages import WebsocketLanguageMiddleware  # noqa: E402
from community.routing import websocket_urlpatterns  # noqa: E402
from community.ws_origin import SameOriginWebsocketValidator  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SameOriginWebsocketValidator(
            AuthMiddlewareStack(
                WebsocketSessionSecondFactorMiddleware(
                    WebsocketLanguageMiddleware(URLRouter(websocket_urlpatterns))
                )
            )
        ),
    }
)
