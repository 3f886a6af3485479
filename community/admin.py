"""The Django admin site: staff who signed in with a code from their authenticator app.

Staff accounts are moderators (``community.accounts.permissions``), and the admin shows every
safety alert, the audit log and the review queue, so it asks what the moderation pages ask:
a TOTP authenticator, and a session confirmed with a code. Its own sign-in form would skip
allauth's two-factor step and rate limits, so sign-in goes through allauth
(``secure_admin_login``, as allauth's documentation advises). Wagtail's editor at ``/admin/``
is a different site and is not affected.

Installed as the default site by ``community.apps.CommunityAdminConfig`` (Django's
"overriding the default admin site"), so every ``@admin.register`` lands here.
"""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from community.accounts.permissions import is_moderator
from moderation.gates import mfa_gate_redirect, session_used_mfa


class CommunityAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        return (
            super().has_permission(request)
            and is_moderator(request.user)
            and session_used_mfa(request)
        )

    def login(self, request, extra_context=None):
        """Never Django's password form: staff go on to two-factor, others to allauth's sign-in.

        Signed-in staff are sent to set up an authenticator or to enter a code, or on to the
        index once they have; other signed-in accounts get 403 from ``secure_admin_login``.
        """
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff:
            response = mfa_gate_redirect(request)
            return response or redirect(reverse("admin:index", current_app=self.name))
        return secure_admin_login(super().login)(request, extra_context)
