from django.urls import path

from . import views

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("read/", views.notifications_read_all, name="notifications_read_all"),
    path("<int:notification_id>/open/", views.notification_open_view, name="notification_open"),
    path("settings/", views.notification_settings, name="notification_settings"),
]
