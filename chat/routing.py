from django.urls import path

from .consumers import ChatConsumer

websocket_urlpatterns = [
    path("ws/groups/<slug:slug>/chat/", ChatConsumer.as_asgi()),
    # A side room for a one-to-one check-in: the token is the room's unguessable key.
    path("ws/groups/<slug:slug>/chat/<str:token>/", ChatConsumer.as_asgi()),
]
