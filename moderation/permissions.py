"""Who may moderate what. ``can_*`` return a bool; ``check_*`` raise.

Moderators act everywhere; facilitators act only in groups they facilitate. Anyone else gets
404: moderation pages do not admit that they exist. Suspending an account is for moderators
alone, because it reaches beyond any one group.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from groups.models import Membership
from groups.permissions import is_moderator


def facilitated_group_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_facilitated_group_ids", None)
    if cached is None:
        cached = set(
            Membership.objects.facilitators().filter(user=user).values_list("group_id", flat=True)
        )
        user._facilitated_group_ids = cached
    return cached


def can_moderate_group(user, group) -> bool:
    if is_moderator(user):
        return True
    return group is not None and group.pk in facilitated_group_ids(user)


def check_can_moderate_group(user, group) -> None:
    if not can_moderate_group(user, group):
        raise Http404


def check_is_moderator(user) -> None:
    if not is_moderator(user):
        raise Http404


def check_can_suspend(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied("Only moderators can suspend an account.")


def check_not_self(actor, member) -> None:
    if member is not None and actor.pk == member.pk:
        raise PermissionDenied("You cannot take moderation action on yourself.")
