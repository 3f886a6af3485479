"""Who holds moderator powers: the one home of the rule that they need two-factor sign-in.

Moderators are site staff (Django staff, superusers, and the "Moderators" auth group). They
see every group and may act in any of them, so those powers belong only to an account with a
TOTP authenticator: allauth then asks for a code at every sign-in, so a session of such an
account was confirmed with one. An account that holds the role without an authenticator is a
plain member everywhere; the moderation pages send it to set one up (``moderation.gates``).

Both answers are cached on the user object: a page asks many times (the chrome, each
permission check, each row's buttons) and must not pay a query each time.
"""

from allauth.mfa.models import Authenticator

MODERATORS_GROUP = "Moderators"

ROLE_CACHE = "_moderator_role_cache"
TOTP_CACHE = "_totp_authenticator_cache"


def has_moderator_role(user) -> bool:
    """True for accounts made moderators, whether or not they can use the powers yet.

    For deciding who is sent to two-factor set-up and who a facilitator may not mute; never
    for deciding what an account may see or do (that is ``is_moderator``).
    """
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    cached = getattr(user, ROLE_CACHE, None)
    if cached is None:
        cached = user.groups.filter(name=MODERATORS_GROUP).exists()
        setattr(user, ROLE_CACHE, cached)
    return cached


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
