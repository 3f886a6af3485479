from django.urls import include, path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("notifications/", include("notifications.urls")),
]
