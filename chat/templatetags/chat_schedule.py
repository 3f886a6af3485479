"""The group's schedule as its sessions say it, for the group pages and the sessions page alike.

The group pages are rendered by the groups app, which sits below the chat in the layer
contract and so cannot import the chat's selectors; this tag, in the chat's layer, reads
them instead, and every page that shows a schedule loads it.
"""

from django import template

from chat.selectors import group_schedule

register = template.Library()


@register.inclusion_tag("chat/includes/schedule.html")
def group_schedule_summary(group, *, link=False, heading=True):
    """The weekly sessions, the next one and (only without sessions) the group's own note.

    ``link`` points to the sessions page: pass it only where the viewer may open that page
    (members; everyone else gets a 404 there).
    """
    schedule = group_schedule(group)
    return {
        "group": group,
        "schedule": schedule,
        "link": link,
        "heading": heading,
        "note": "" if schedule else group.schedule_summary,
    }
