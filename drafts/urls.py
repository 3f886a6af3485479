"""Mounted under ``/me/`` by the accounts URL conf, like the notifications pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.draft_save_view, name="draft_save"),
]
