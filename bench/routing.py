from django.urls import path

from .consumers import EchoConsumer

websocket_urlpatterns = [path("bench/echo/", EchoConsumer.as_asgi())]
