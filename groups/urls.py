from django.urls import path

from . import forum_views, manage_views, views

app_name = "groups"

thread = "<slug:slug>/threads/<int:thread_id>/"
post = thread + "posts/<int:post_id>/"

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
    path("<slug:slug>/threads/new/", forum_views.thread_new, name="thread_new"),
    path(thread, forum_views.thread_detail, name="thread"),
    path(thread + "reply/", forum_views.reply, name="reply"),
    path(thread + "follow/", forum_views.follow, name="follow"),
    path(thread + "flags/", forum_views.thread_flags, name="thread_flags"),
    path(post, forum_views.post_permalink, name="post"),
    path(post + "edit/", forum_views.post_edit_view, name="post_edit"),
    path(post + "delete/", forum_views.post_delete_view, name="post_delete"),
    path(post + "history/", forum_views.post_history, name="post_history"),
    path(post + "react/", forum_views.react, name="react"),
    path("<slug:slug>/manage/", manage_views.console, name="manage"),
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
    path("<slug:slug>/manage/invites/", manage_views.invite_new, name="invite_new"),
    path(
        "<slug:slug>/manage/invites/<int:invite_id>/revoke/",
        manage_views.invite_cancel,
        name="invite_revoke",
    ),
    path("<slug:slug>/manage/settings/", manage_views.settings_update, name="settings"),
    path(
        "<slug:slug>/manage/facilitators/",
        manage_views.facilitators_update,
        name="facilitators",
    ),
]
