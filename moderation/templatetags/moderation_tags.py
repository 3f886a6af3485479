from dataclasses import dataclass, field

from django import template

from groups.permissions import is_moderator
from moderation.gates import session_used_mfa
from moderation.permissions import can_moderate_group, facilitated_group_ids
from moderation.presentation import QueueRow, banner_strings, queue_rows
from moderation.selectors import open_queue_items, with_targets

register = template.Library()

GROUP_QUEUE_LIMIT = 25


@dataclass
class GroupQueue:
    rows: list[QueueRow] = field(default_factory=list)
    needs_mfa: bool = False


@register.simple_tag(takes_context=True)
def group_queue(context, group) -> GroupQueue:
    """The group's open items for the facilitator console (nothing for anyone else).

    A moderator who does not facilitate the group sees the queue here only after two-factor
    sign-in, as on every moderation page.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can_moderate_group(user, group):
        return GroupQueue()
    if (
        is_moderator(user)
        and group.pk not in facilitated_group_ids(user)
        and not session_used_mfa(request)
    ):
        return GroupQueue(needs_mfa=True)
    items = open_queue_items(user=user, group=group)[:GROUP_QUEUE_LIMIT]
    return GroupQueue(rows=queue_rows(with_targets(items), user=user))


@register.simple_tag
def safety_banner_strings() -> dict:
    """The banner script's words, for ``json_script`` (staff pages only)."""
    return banner_strings()
