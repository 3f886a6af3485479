"""Who holds moderator powers: the one home of the rule that they need two-factor sign-in.

Moderators are site staff (Django staff, superusers, and the "Moderators" auth group). They
see every group and may act in any of them, so those powers belong only to an account with a
TOTP authenticator: allauth then asks for a code at every sign-in, so a session of such an
account was confirmed with one. An account that holds the role without an authenticator is a
plain member everywhere; the moderation pages send it to set one up (``moderation.gates``).

Both answers are cached on the user object: a page asks many times (the chrome, each
permission check, each row's buttons) and must not pay a query each time. The same single
query also says whether the account facilitates any group (``facilitates_any_group``), which
every page's header asks too (the staff-home link and the safety-alert banner).
"""

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

MODERATORS_GROUP = "Moderators"

ROLE_CACHE = "_moderator_role_cache"
TOTP_CACHE = "_totp_authenticator_cache"
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

    For deciding who is sent to two-factor set-up and who may not be blocked or muted; never
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


def is_moderator(user) -> bool:
    """Moderator powers: the role, and the two-factor sign-in the contract requires for it."""
    return has_moderator_role(user) and has_totp_authenticator(user)
