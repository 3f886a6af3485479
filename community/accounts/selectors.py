"""Reads about accounts that other apps need, with the rule in one place."""

from allauth.account.models import EmailAddress
from django.db.models import Q

from .models import Block, KeepApart, SeparationRequest, User
from .permissions import MODERATORS_GROUP


def user_has_verified_email(user) -> bool:
    """A member counts as signed up only once their email is confirmed."""
    if not getattr(user, "is_authenticated", False):
        return False
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def blocked_ids(user) -> set[int]:
    """Ids of the accounts ``user`` (an account or its id) has blocked, read now.

    Nothing is cached on the user object: a page or a chat connection that asks more than
    once reads it once through its access object (``groups.access.GroupAccess.blocked_ids``),
    so a block made since is never hidden behind a copy someone forgot to clear."""
    if isinstance(user, int):
        return set(Block.objects.filter(blocker_id=user).values_list("blocked_id", flat=True))
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Block.objects.filter(blocker=user).values_list("blocked_id", flat=True))


def has_blocked(*, user, other_id: int | None) -> bool:
    """Whether ``user`` (an account or its id) has blocked the account ``other_id``."""
    if other_id is None or user is None:
        return False
    if isinstance(user, int):
        return Block.objects.filter(blocker_id=user, blocked_id=other_id).exists()
    return other_id in blocked_ids(user)


def kept_apart_ids(user) -> set[int]:
    """Accounts hidden from ``user`` and from whom ``user`` is hidden (a keep-apart entry made
    by either of the two).

    Only ever used to leave people out of what is shown (member lists, presence, posts,
    messages): never to refuse a seat, and never shown itself. Read now, never cached on the
    user object (``groups.access.GroupAccess.kept_apart_ids`` reads it once per request).
    """
    user_id = user if isinstance(user, int) else getattr(user, "pk", None)
    if user_id is None:
        return set()
    ids = set(
        KeepApart.objects.filter(user_id=user_id, other__isnull=False).values_list(
            "other_id", flat=True
        )
    )
    ids |= set(KeepApart.objects.filter(other_id=user_id).values_list("user_id", flat=True))
    return ids


def not_kept_apart_q(user, field: str):
    """A filter leaving out rows whose ``field`` (an account id) is kept apart from ``user``.

    Subqueries rather than a list read first, so a page that filters on it costs no extra
    query: the thread page's budget stays the same with or without entries.
    """
    user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    if user_id is None:
        return Q()
    mine = KeepApart.objects.filter(user_id=user_id, other__isnull=False).values("other_id")
    theirs = KeepApart.objects.filter(other_id=user_id).values("user_id")
    return ~Q(**{f"{field}__in": mine}) & ~Q(**{f"{field}__in": theirs})


def separated_ids(user) -> set[int]:
    """Accounts that moderators keep out of the groups ``user`` sits in, in either direction.

    Only enforced separations count. Callers act on it (a join becomes a request, an
    approval or a seat offer waits) and never show it.
    """
    user_id = user if isinstance(user, int) else getattr(user, "pk", None)
    if user_id is None:
        return set()
    enforced = SeparationRequest.objects.filter(
        state=SeparationRequest.State.ENFORCED, other__isnull=False
    )
    ids = set(enforced.filter(requester_id=user_id).values_list("other_id", flat=True))
    ids |= set(enforced.filter(other_id=user_id).values_list("requester_id", flat=True))
    return ids


def blocks_for(*, user):
    return Block.objects.filter(blocker=user).select_related("blocked")


def keep_apart_for(*, user):
    """Only the entries ``user`` made: who asked to be kept apart from them stays private."""
    return KeepApart.objects.filter(user=user).select_related("other")


def moderators():
    """Accounts holding the moderator role (staff, superusers, the "Moderators" group).

    The people to tell about safety alerts and escalations, whether or not they have set up
    two-factor sign-in yet (their powers need it; being told does not).
    """
    return User.objects.filter(
        Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP), is_active=True
    ).distinct()


def separation_requests_for(*, user):
    """The safety requests ``user`` made (never the ones naming them)."""
    return SeparationRequest.objects.filter(requester=user).select_related("other")
