from django.urls import path

from . import separation_views, views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("groups/<slug:slug>/", views.group_queue, name="group_queue"),
    path("items/<int:pk>/", views.item_act, name="item_act"),
    path("items/<int:pk>/undo/", views.item_undo, name="item_undo"),
    path("content/<str:target_type>/<int:target_id>/", views.content_act, name="content_act"),
    path("report/", views.report, name="report"),
    path("worried/post/<int:post_id>/", views.worried_about_post, name="worried_post"),
    path("worried/<str:pseudonym>/", views.worried, name="worried"),
    path("safety/", views.safety, name="safety"),
    path(
        "safety/<int:pk>/<str:action>/",
        views.safety_act,
        name="safety_act",
    ),
    path("separations/<int:pk>/", separation_views.review, name="separation"),
    path("audit/", views.audit, name="audit"),
    path("words/", views.words, name="words"),
    path("words/<int:pk>/", views.word_edit, name="word_edit"),
    path("words/<int:pk>/delete/", views.word_delete, name="word_delete"),
    path("preferences/", views.preferences, name="preferences"),
    path("tasks/", views.background_tasks, name="tasks"),
    path("tasks/<uuid:task_id>/retry/", views.background_task_retry, name="task_retry"),
]
