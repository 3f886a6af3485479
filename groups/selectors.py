"""Permission-aware reads: the access rule lives inside the lookup."""

from django.db.models import Count, Q
from django.http import Http404

from .models import Membership, SupportGroup
from .permissions import is_moderator


def membership_for(*, user, group: SupportGroup) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, group=group).select_related("group").first()


def groups_with_seats():
    return SupportGroup.objects.annotate(
        active_count=Count("memberships", filter=Q(memberships__state=Membership.State.ACTIVE))
    )


def groups_for_directory(*, topic: str | None = None, language: str | None = None):
    groups = groups_with_seats().filter(listed=True).prefetch_related("topics")
    if topic:
        groups = groups.filter(topics__slug=topic)
    if language:
        groups = groups.filter(language=language)
    return groups.distinct().order_by("name")


def group_public_or_404(*, slug: str) -> SupportGroup:
    """The about page: listed groups for everyone; unlisted ones only reached by a link."""
    group = groups_with_seats().filter(slug=slug).first()
    if group is None:
        raise Http404
    return group


def groups_visible_to(user):
    """Groups whose content ``user`` may read: their active groups, or all for moderators."""
    if is_moderator(user):
        return SupportGroup.objects.all()
    if not getattr(user, "is_authenticated", False):
        return SupportGroup.objects.none()
    return SupportGroup.objects.filter(
        memberships__user=user, memberships__state=Membership.State.ACTIVE
    )


def group_content_or_404(*, user, slug: str) -> tuple[SupportGroup, Membership | None]:
    """A group whose content ``user`` may read, with their membership; 404 otherwise."""
    group = groups_visible_to(user).filter(slug=slug).first()
    if group is None:
        raise Http404
    return group, membership_for(user=user, group=group)


def groups_facilitated_by(user):
    if is_moderator(user):
        return SupportGroup.objects.all()
    return SupportGroup.objects.filter(
        memberships__user=user,
        memberships__state=Membership.State.ACTIVE,
        memberships__role=Membership.Role.FACILITATOR,
    )


def active_member_count(group: SupportGroup) -> int:
    return Membership.objects.filter(group=group, state=Membership.State.ACTIVE).count()


def seats_left(group: SupportGroup) -> int:
    active = getattr(group, "active_count", None)
    if active is None:
        active = active_member_count(group)
    return max(group.capacity - active, 0)
