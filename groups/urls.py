from django.urls import include, path

from . import manage_views, views

app_name = "groups"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("search/", views.search, name="search"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/offer/", views.accept_offer, name="accept_offer"),
    path("<slug:slug>/rules/", views.rules, name="rules"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/invite/<str:token>/", views.invite, name="invite"),
    # The forum's pages, named in this namespace ("groups:thread"); the views are the forum's.
    path("", include("forum.urls")),
    path("<slug:slug>/manage/", manage_views.console, name="manage"),
    path("<slug:slug>/manage/members/", manage_views.members_tab, name="manage_members"),
    path("<slug:slug>/manage/requests/", manage_views.requests_tab, name="manage_requests"),
    path(
        "<slug:slug>/manage/requests/<int:membership_id>/",
        manage_views.request_decision,
        name="request_decision",
    ),
    path(
        "<slug:slug>/manage/members/<int:membership_id>/remove/",
        manage_views.member_remove,
        name="member_remove",
    ),
    path(
        "<slug:slug>/manage/members/<int:membership_id>/mute/",
        manage_views.member_mute,
        name="member_mute",
    ),
    path(
        "<slug:slug>/manage/members/<int:membership_id>/unmute/",
        manage_views.member_unmute,
        name="member_unmute",
    ),
    path(
        "<slug:slug>/manage/members/<int:membership_id>/restore/",
        manage_views.member_restore,
        name="member_restore",
    ),
    path("<slug:slug>/manage/invites/", manage_views.invite_new, name="invite_new"),
    path(
        "<slug:slug>/manage/invites/<int:invite_id>/revoke/",
        manage_views.invite_cancel,
        name="invite_revoke",
    ),
    path("<slug:slug>/manage/settings/", manage_views.settings_update, name="settings"),
    path("<slug:slug>/manage/hours/", manage_views.hours_update, name="hours"),
    path(
        "<slug:slug>/manage/facilitators/",
        manage_views.facilitators_update,
        name="facilitators",
    ),
]
