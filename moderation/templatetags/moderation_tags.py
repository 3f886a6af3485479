from django import template

from moderation.permissions import can_moderate_group
from moderation.presentation import queue_rows
from moderation.selectors import open_queue_items, with_targets

register = template.Library()

GROUP_QUEUE_LIMIT = 25


@register.simple_tag(takes_context=True)
def group_queue_rows(context, group):
    """The group's open items for the facilitator console (empty for anyone else)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can_moderate_group(user, group):
        return []
    items = open_queue_items(user=user, group=group)[:GROUP_QUEUE_LIMIT]
    return queue_rows(with_targets(items), user=user)
