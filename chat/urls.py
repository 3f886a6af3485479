"""Mounted at ``/groups/<slug>/`` (before the groups app), so every route here takes ``slug``."""

from django.urls import path

from . import views

app_name = "chat"

urlpatterns = [
    path("chat/", views.chat_page, name="room"),
]
