"""Whether a new post waits for a facilitator's approval (new-member pre-moderation).

The moderation app owns the rule (``moderation.services.premoderation_required``); the forum
services only ask this one question.
"""

from moderation.services import premoderation_required

from .models import Membership, SupportGroup


def should_hold_for_review(*, author, membership: Membership | None, group: SupportGroup) -> bool:
    """A member's first ``group.premoderated_post_count`` posts in a group are held."""
    return premoderation_required(author=author, group=group)
