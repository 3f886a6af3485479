"""Screening member text before and after it is stored: watched words and pre-moderation."""

from django.core.exceptions import ValidationError

from groups.forum_models import Post
from groups.models import Membership, SupportGroup
from groups.permissions import is_moderator

from ..permissions import active_membership
from ..watched import Verdict, block_message, watched_words_check
from .items import queue_item_flag, queue_item_hold


def premoderation_required(*, author, group: SupportGroup) -> bool:
    """True while a member has fewer approved posts in the group than it holds for review."""
    if group.premoderated_post_count <= 0 or is_moderator(author):
        return False
    membership = active_membership(author, group)
    if membership is not None and membership.role == Membership.Role.FACILITATOR:
        return False
    approved = Post.objects.filter(
        author=author, thread__group=group, held_for_review=False, hidden_at__isnull=True
    ).count()
    return approved < group.premoderated_post_count


def watched_words_screen(*, text: str) -> Verdict:
    """The forum's and chat's one call before storing text: blocked text is refused here."""
    verdict = watched_words_check(text)
    if verdict.blocked:
        raise ValidationError(block_message(), code="blocked")
    return verdict


def moderation_after_save(*, target, held: bool, verdict: Verdict, crisis: bool = False) -> None:
    """After a post or message is stored: a held one waits in the queue, a flagged one is
    posted and gets a queue item.

    A held post whose words read as a crisis (``crisis``) goes to the top of every queue
    with a safety tag: its author may need someone now, not after the other items.
    """
    if held:
        queue_item_hold(
            target=target, rule_ids=verdict.rule_ids if verdict.held else (), safety=crisis
        )
    elif verdict.flagged:
        queue_item_flag(target=target, rule_ids=verdict.rule_ids)
