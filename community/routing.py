"""Every websocket route of the site, gathered from the apps that own them."""

from bench.routing import websocket_urlpatterns as bench_routes
from chat.routing import websocket_urlpatterns as chat_routes
from notifications.routing import websocket_urlpatterns as notification_routes

websocket_urlpatterns = [*notification_routes, *bench_routes, *chat_routes]
