"""Who may do what in a group. ``can_*`` return a bool for templates; ``check_*`` raise.

Anyone who may not see a group's content gets 404, never 403: a group's content does not even
admit that it exists.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Moderator powers (every group, any group's tools) follow the one rule, two-factor included.
from community.accounts.permissions import has_moderator_role, is_moderator
from community.accounts.selectors import separated_ids, user_has_verified_email

from .models import Membership, SupportGroup


def can_view_group_content(user, membership: Membership | None) -> bool:
    return is_moderator(user) or bool(membership and membership.is_active)


def can_facilitate(user, membership: Membership | None) -> bool:
    return bool(membership and membership.is_facilitator) or is_moderator(user)


def check_can_view_group_content(user, membership: Membership | None) -> None:
    if not can_view_group_content(user, membership):
        raise Http404


def check_can_facilitate(user, membership: Membership | None) -> None:
    """Facilitator tools answer 404 to non-members and 403 to members who do not facilitate."""
    if can_facilitate(user, membership):
        return
    if membership and membership.is_active:
        raise PermissionDenied
    raise Http404


def act_on_member_refusal(
    *, actor_id: int | None, actor_is_moderator: bool, member, membership: Membership | None
) -> str | None:
    """Why the actor may not remove or mute ``member``, or ``None`` when they may: the one
    who-on-whom rule for the console, the queue and the chat (``GroupAccess.can_act_on`` asks
    it for each row of the console's members tab, ``check_can_act_on_member`` raises it).

    Nobody acts on themselves. A facilitator of the group, or anyone holding the moderator
    role, is acted on by a moderator alone; the actor's own right to act in the group
    (``check_can_facilitate``) is checked first by the caller.
    """
    if member is not None and member.pk == actor_id:
        return _("You cannot take moderation action on yourself.")
    if actor_is_moderator:
        return None
    if has_moderator_role(member):
        return _("Only moderators can act on a moderator's account.")
    if membership is not None and membership.role == Membership.Role.FACILITATOR:
        return _("Please ask a moderator to act on a facilitator's account.")
    return None


def check_can_act_on_member(actor, *, member, membership: Membership | None) -> None:
    refusal = act_on_member_refusal(
        actor_id=actor.pk,
        actor_is_moderator=is_moderator(actor),
        member=member,
        membership=membership,
    )
    if refusal is not None:
        raise PermissionDenied(refusal)


def check_can_join(user, group: SupportGroup) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Please sign in to join a group."))
    if not user_has_verified_email(user):
        raise PermissionDenied(_("Please confirm your email address before joining a group."))
    if user.is_suspended:
        raise PermissionDenied(_("Your account is paused for now, so you cannot join groups."))


def check_can_contribute(user, membership: Membership | None) -> None:
    """Posting and chatting need an active seat, the current rules accepted, and no mute."""
    if is_moderator(user):
        return
    if not membership or not membership.is_active:
        raise Http404
    if user.is_suspended:
        raise PermissionDenied(_("Your account is paused for now."))
    if not membership.has_accepted_current_rules:
        raise PermissionDenied(_("Please read and accept the group's updated ground rules first."))
    if membership.is_muted:
        raise PermissionDenied(_("You are muted in this group for a little while."))


# Seats that count for a separation: people in the group now, or holding an offered seat.
SEATED_STATES = (Membership.State.ACTIVE, Membership.State.OFFERED)


def joins_need_review(user) -> bool:
    """A person under a separation moderators enforce is never seated by an ordinary join.

    Every join of theirs (open group, full group, invitation) becomes a request a facilitator
    or moderator decides, in every group alike: what they see never depends on whether the
    other person is there. Self-service keep-apart entries do not count (they only hide).
    """
    return bool(separated_ids(user))


def is_separated_from_group(user, group: SupportGroup) -> bool:
    """Someone kept out of ``user``'s groups by an enforced separation holds a seat here.

    For decisions made by staff (approving a request, offering a seat), never for what the
    joiner is told.
    """
    ids = separated_ids(user)
    if not ids:
        return False
    return (
        Membership.objects.filter(group=group, user_id__in=ids, state__in=SEATED_STATES)
        .exclude(user_id=getattr(user, "pk", None))
        .exists()
    )


APPROVAL_SEPARATED_MESSAGE = gettext_lazy(
    "This request cannot be approved at the moment. A moderator can explain more."
)


def check_can_create_groups(user) -> None:
    """Only moderators create groups and name their facilitators."""
    if not is_moderator(user):
        raise Http404


def can_post_anonymously(group: SupportGroup) -> bool:
    return group.allow_anonymous_posts


def check_can_reply(user, membership: Membership | None, thread) -> None:
    """Contribute rules, and a locked thread takes no new replies (facilitators aside)."""
    check_can_contribute(user, membership)
    if thread.locked and not can_facilitate(user, membership):
        raise PermissionDenied(
            _("This thread is locked, so it takes no new replies. You can start a new thread.")
        )


def can_edit_post(user, post) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and post.author_id == user.pk
        and post.removed_at is None
        and post.hidden_at is None
    )


def check_can_edit_post(user, membership: Membership | None, post) -> None:
    check_can_contribute(user, membership)
    if not can_edit_post(user, post):
        raise PermissionDenied(_("Only the author can edit or delete this post."))


def can_see_edit_history(user, membership: Membership | None) -> bool:
    return can_facilitate(user, membership)


def check_can_see_edit_history(user, membership: Membership | None) -> None:
    """Edit history is for facilitators and moderators; everyone else: 404."""
    if not can_see_edit_history(user, membership):
        raise Http404


def author_label(*, post_or_thread, viewer_can_facilitate: bool) -> str:
    """'a member' for anonymous posts, unless the viewer facilitates; 'former member' if gone."""
    author = post_or_thread.author
    if author is None:
        return _("former member")
    if post_or_thread.anonymous:
        if viewer_can_facilitate:
            return _("a member (%(name)s)") % {"name": author.username}
        return _("a member")
    return author.username


def can_block_author(user, post) -> bool:
    """A block button shows on every named post by another member, moderators' included:
    leaving it off theirs would tell members who the moderators are."""
    return bool(
        getattr(user, "is_authenticated", False)
        and post.author_id is not None
        and post.author_id != user.pk
        and not post.anonymous
    )
