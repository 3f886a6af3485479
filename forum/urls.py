"""The forum's pages, included by ``groups.urls`` so their names stay ``groups:<name>``."""

from django.urls import path

from . import views

thread = "<slug:slug>/threads/<int:thread_id>/"
post = thread + "posts/<int:post_id>/"

urlpatterns = [
    path("<slug:slug>/threads/new/", views.thread_new, name="thread_new"),
    path(thread, views.thread_detail, name="thread"),
    path(thread + "reply/", views.reply, name="reply"),
    path(thread + "follow/", views.follow, name="follow"),
    path(thread + "flags/", views.thread_flags, name="thread_flags"),
    path(post, views.post_permalink, name="post"),
    path(post + "edit/", views.post_edit_view, name="post_edit"),
    path(post + "delete/", views.post_delete_view, name="post_delete"),
    path(post + "history/", views.post_history, name="post_history"),
    path(post + "react/", views.react, name="react"),
]
