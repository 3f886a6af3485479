"""App configs of the project package itself."""

from django.contrib.admin.apps import AdminConfig


class CommunityAdminConfig(AdminConfig):
    """``django.contrib.admin`` with our site class: staff need two-factor sign-in there."""

    default_site = "community.admin.CommunityAdminSite"
