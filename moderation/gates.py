"""Gates in front of moderation pages.

Moderators see every group's content and every safety alert, so their accounts must use
two-factor sign-in: an account with the moderator role but no TOTP authenticator is sent to
set one up, and one whose current session was not confirmed with a code is asked for one
(allauth records an "mfa" entry in the session when a code is entered at sign-in or
re-authentication). Outside these pages the same rule holds without the redirect: without an
authenticator the role gives no powers at all (``community.accounts.permissions``).
Facilitator console pages do not require it. Everyone else gets 404.
"""

from functools import wraps

from allauth.account.authentication import get_authentication_records
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from community.accounts.permissions import has_moderator_role, has_totp_authenticator

from .permissions import facilitated_group_ids


def session_used_mfa(request) -> bool:
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def mfa_gate_redirect(request):
    """None when the moderator may go on; otherwise the redirect to TOTP set-up or a code."""
    user = request.user
    next_query = urlencode({"next": request.get_full_path()})
    if not has_totp_authenticator(user):
        messages.info(
            request,
            _(
                "Moderation pages need two-factor sign-in. Please set up an authenticator app "
                "first; it takes about a minute."
            ),
        )
        return redirect(f"{reverse('mfa_activate_totp')}?{next_query}")
    if not session_used_mfa(request):
        messages.info(
            request,
            _("Please confirm it is you with a code from your authenticator app to continue."),
        )
        return redirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
    return None


def moderator_required(view):
    """404 for everyone but moderators; moderators also need two-factor sign-in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise Http404
        if not has_moderator_role(request.user):
            raise Http404
        response = mfa_gate_redirect(request)
        if response is not None:
            return response
        return view(request, *args, **kwargs)

    return wrapper


def signed_in_required(view):
    """Signed-out visitors go to sign in; the view itself decides who may see what (404)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def staff_console_required(view):
    """Pages shared by facilitators and moderators: moderators must pass the MFA gate there too.

    A facilitator without moderator rights passes straight on; the view then limits what they
    see to their own groups. Anyone who facilitates nothing gets 404.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise Http404
        if has_moderator_role(request.user):
            response = mfa_gate_redirect(request)
            if response is not None:
                return response
        elif not facilitated_group_ids(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
