"""Whether a new post waits for a facilitator's approval (new-member pre-moderation).

Kept in its own module so the moderation services can own and refine the rule; the forum
services only ask this one question.
"""

from .models import Membership, Post, SupportGroup
from .permissions import can_facilitate


def should_hold_for_review(*, author, membership: Membership | None, group: SupportGroup) -> bool:
    """A member's first ``group.premoderated_post_count`` posts in a group are held."""
    if group.premoderated_post_count == 0 or can_facilitate(author, membership):
        return False
    published = Post.objects.filter(
        author=author, thread__group=group, held_for_review=False, hidden_at__isnull=True
    ).count()
    return published < group.premoderated_post_count
