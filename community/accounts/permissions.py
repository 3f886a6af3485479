"""Who holds moderator powers: the one home of the rule that they need two-factor sign-in.

Moderators are site staff (Django staff, superusers, and the "Moderators" auth group). They
see every group and may act in any of them, so those powers belong only to an account with a
TOTP authenticator, in a session that was confirmed with a code from it (a session opened
before the authenticator was added, or by any other way in, has none of the powers). An
account that holds the role without an authenticator is a
plain member everywhere; the moderation pages send it to set one up (``moderation.gates``).

Both answers are cached on the user object: a page asks many times (the chrome, each
permission check, each row's buttons) and must not pay a query each time. The same single
query also says whether the account facilitates any group (``facilitates_any_group``), which
every page's header asks too (the staff-home link and the safety-alert banner).
"""

from types import SimpleNamespace

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

MODERATORS_GROUP = "Moderators"

ROLE_CACHE = "_moderator_role_cache"
TOTP_CACHE = "_totp_authenticator_cache"
#: Set on the user of a request or websocket: did *this* session pass the second factor?
SESSION_FACTOR = "_session_used_second_factor"
FACILITATOR_CACHE = "_facilitates_any_group_cache"


def _load_roles(user) -> None:
    """One query for both role questions: in the Moderators group, facilitating any group.

    Facilitation is read through the account's own ``memberships`` relation (the groups app's
    table, reached without importing it: this layer sits below that app).
    """
    in_group = user.groups.through.objects.filter(
        user_id=OuterRef("pk"), group__name=MODERATORS_GROUP
    )
    memberships = user.memberships.model.objects.filter(
        user_id=OuterRef("pk"), state="active", role="facilitator"
    )
    row = (
        get_user_model()
        ._default_manager.filter(pk=user.pk)
        .annotate(_moderator=Exists(in_group), _facilitates=Exists(memberships))
        .values_list("_moderator", "_facilitates")
        .first()
    )
    moderator, facilitates = row or (False, False)
    setattr(user, ROLE_CACHE, bool(moderator))
    setattr(user, FACILITATOR_CACHE, bool(facilitates))


def has_moderator_role(user) -> bool:
    """True for accounts made moderators, whether or not they can use the powers yet.

    For deciding who is sent to two-factor set-up and who a facilitator may not mute; never
    for deciding what an account may see or do (that is ``is_moderator``).
    """
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    if getattr(user, ROLE_CACHE, None) is None:
        _load_roles(user)
    return getattr(user, ROLE_CACHE)


def facilitates_any_group(user) -> bool:
    """The account is an active facilitator of at least one group."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if getattr(user, FACILITATOR_CACHE, None) is None:
        _load_roles(user)
    return getattr(user, FACILITATOR_CACHE)


def has_totp_authenticator(user) -> bool:
    """An authenticator app is set up (allauth deletes the row when it is deactivated)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, TOTP_CACHE, None)
    if cached is None:
        cached = Authenticator.objects.filter(
            user_id=user.pk, type=Authenticator.Type.TOTP
        ).exists()
        setattr(user, TOTP_CACHE, cached)
    return cached


def session_used_second_factor(session, user) -> bool:
    """allauth records an "mfa" entry in the session when a code is entered (at sign-in or on
    re-authentication); a session without one signed in some other way."""
    if session is None:
        return False
    records = get_authentication_records(SimpleNamespace(session=session), user)
    return any(record.get("method") == "mfa" for record in records)


def note_session_factor(user, session):
    """Remember on ``user`` whether its session passed the second factor (for is_moderator).

    Done by ``community.accounts.middleware`` for every request and websocket, so the powers
    follow the session actually in use, not only the account's settings.
    """
    if getattr(user, "is_authenticated", False):
        setattr(user, SESSION_FACTOR, session_used_second_factor(session, user))
    return user


def is_moderator(user) -> bool:
    """Moderator powers: the role, a TOTP authenticator, and a session that used it.

    The user of a request or websocket carries its session's answer (``SESSION_FACTOR``); an
    account loaded outside any session (a management command, a task, a test calling a service)
    has no session to ask and counts by the account alone.
    """
    return (
        has_moderator_role(user)
        and has_totp_authenticator(user)
        and getattr(user, SESSION_FACTOR, True)
    )
