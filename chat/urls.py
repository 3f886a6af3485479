"""Mounted at ``/groups/<slug>/`` (before the groups app), so every route here takes ``slug``."""

from django.urls import path

from . import views

app_name = "chat"

urlpatterns = [
    path("chat/", views.chat_page, name="room"),
    path("sessions/", views.sessions_page, name="sessions"),
    path("sessions.ics", views.sessions_ics, name="sessions_ics"),
    path("sessions/calendar/", views.calendar_token_view, name="calendar_token"),
    path("sessions/<int:session_id>/rsvp/", views.session_rsvp_view, name="rsvp"),
    path("sessions/<int:session_id>/cancel/", views.session_cancel_view, name="cancel"),
]
