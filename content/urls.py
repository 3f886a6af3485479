"""Non-page routes of the content hub; the guide pages themselves are Wagtail's."""

from django.urls import path

from . import views

app_name = "content"

urlpatterns = [
    path("help/", views.help_page, name="help"),
    path("help/country/", views.help_country, name="help_country"),
    path("help/staying-safe/", views.staying_safe, name="staying_safe"),
    path("search/", views.search, name="search"),
]
