from django.urls import include, path

from . import views, views_exit

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("sign-out-everywhere/", views.sign_out_all, name="sign_out_everywhere"),
    path("notifications/", include("notifications.urls")),
    path("drafts/", include("drafts.urls")),
    path("exit/", views_exit.quick_exit, name="quick_exit"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
    path("blocked/", views.blocked, name="blocked"),
    path("blocked/unblock/", views.unblock, name="unblock"),
    path("keep-apart/", views.keep_apart, name="keep_apart"),
    path("keep-apart/remove/", views.keep_apart_delete, name="keep_apart_remove"),
]
