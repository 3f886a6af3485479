"""Who may moderate what. ``can_*`` return a bool; ``check_*`` raise.

Moderators act everywhere; facilitators act only in groups they facilitate. Anyone else gets
404: moderation pages do not admit that they exist. Suspending an account is for moderators
alone, because it reaches beyond any one group.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from community.accounts.permissions import facilitates_any_group
from groups.models import Membership, SupportGroup
from groups.permissions import check_can_act_on_member as check_groups_act_on_member
from groups.permissions import is_moderator

from .models import QueueItem, SafetyAlert
from .targets import kind_for


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
        raise PermissionDenied(_("You cannot take moderation action on yourself."))


def active_membership(user, group) -> Membership | None:
    if group is None or user is None:
        return None
    return Membership.objects.filter(user=user, group=group, state=Membership.State.ACTIVE).first()


# ---------------------------------------------------------------- the review queue


def can_act_on_item(user, item: QueueItem) -> bool:
    if item.subject_id is not None and item.subject_id == user.pk:
        return False
    if item.group_id is None:
        return is_moderator(user)
    return can_moderate_group(user, item.group)


def check_can_act_on_item(actor, item: QueueItem) -> None:
    if item.group_id is None:
        check_is_moderator(actor)
    else:
        check_can_moderate_group(actor, item.group)
    if item.subject_id is not None and item.subject_id == actor.pk:
        # Nobody reviews reports about themselves.
        raise PermissionDenied(_("Another facilitator or a moderator will review this item."))


def check_can_act_on_member(actor, member, group) -> None:
    """Facilitators act on the members of their groups, not on co-facilitators or moderators
    (the groups app's one rule, ``groups.permissions.check_can_act_on_member``)."""
    check_not_self(actor, member)
    if group is None:
        check_is_moderator(actor)
    else:
        check_can_moderate_group(actor, group)
    membership = (
        Membership.objects.filter(user=member, group=group).first() if group is not None else None
    )
    check_groups_act_on_member(actor, member=member, membership=membership)


# ---------------------------------------------------------------- reports


def check_can_report(*, reporter, target, group: SupportGroup | None) -> SupportGroup:
    """The reporter must be able to see the target; returns the group the report belongs to.

    Anything a reporter could not see answers 404, the same as something that does not exist.
    """
    if not getattr(reporter, "is_authenticated", False):
        raise Http404
    try:
        kind = kind_for(target)
    except LookupError:
        raise Http404 from None
    if not kind.content:
        if target.pk == reporter.pk:
            raise ValidationError(_("You cannot report yourself."))
        candidates = [group] if group is not None else None
        shared = Membership.objects.filter(user=target, state=Membership.State.ACTIVE)
        if candidates is not None:
            shared = shared.filter(group__in=candidates)
        shared_ids = list(shared.values_list("group_id", flat=True))
        if not is_moderator(reporter):
            shared_ids = list(
                Membership.objects.filter(
                    user=reporter, state=Membership.State.ACTIVE, group_id__in=shared_ids
                ).values_list("group_id", flat=True)
            )
        if not shared_ids:
            raise Http404
        return SupportGroup.objects.get(pk=sorted(shared_ids)[0])
    content_group = kind.group_of(target)
    if content_group is None:
        raise Http404
    if not is_moderator(reporter) and active_membership(reporter, content_group) is None:
        raise Http404
    if not kind.visible_to(target, reporter):
        raise Http404
    if kind.is_removed(target) or kind.is_hidden(target) or not kind.is_visible(target):
        raise Http404
    if kind.is_held(target) and not can_moderate_group(reporter, content_group):
        raise Http404  # waiting for approval: only its author and the facilitators see it
    author = kind.author_of(target)
    if author is not None and author.pk == reporter.pk:
        raise ValidationError(_("You cannot report your own words. You can edit or delete them."))
    return content_group


# ---------------------------------------------------------------- safety alerts


def is_safety_responder(user) -> bool:
    """Facilitators and moderators: the people who receive safety alerts and have a staff home.

    Costs no query of its own on a member's page: the header's moderator-role query answers
    it too (``community.accounts.permissions``).
    """
    return is_moderator(user) or facilitates_any_group(user)


def can_see_alert(user, alert: SafetyAlert) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if alert.subject_id is not None and alert.subject_id == user.pk:
        return False
    if is_moderator(user):
        return True
    if alert.moderators_only or alert.group_id is None:
        return False
    return alert.group_id in facilitated_group_ids(user)


def check_can_see_alert(user, alert: SafetyAlert) -> None:
    if not can_see_alert(user, alert):
        raise Http404


def check_can_report_worried(*, reporter, subject) -> None:
    """A member may raise a worry about someone they share a group with (else 404)."""
    if not getattr(reporter, "is_authenticated", False) or subject is None:
        raise Http404
    if subject.pk == reporter.pk:
        raise ValidationError(
            _("If you are struggling, the help page lists people you can talk to right now.")
        )
    if is_moderator(reporter):
        return
    reporter_groups = Membership.objects.filter(
        user=reporter, state=Membership.State.ACTIVE
    ).values("group_id")
    if not Membership.objects.filter(
        user=subject, state=Membership.State.ACTIVE, group_id__in=reporter_groups
    ).exists():
        raise Http404
