from django import template

from groups.hours import WEEKDAYS, hours_notice

register = template.Library()


@register.inclusion_tag("groups/includes/hours_notice.html")
def facilitator_hours_notice(group):
    """Outside the hours a facilitator is normally around, say so and point to /help/."""
    return {"notice": hours_notice(group), "group": group}


@register.inclusion_tag("groups/includes/hours_list.html")
def facilitator_hours_list(group):
    """The group's weekly hours, for its about page and the console."""
    notice = hours_notice(group)
    days = dict(WEEKDAYS)
    return {
        "rows": [(days[span.day], span.start, span.end) for span in notice.spans],
        "zone": notice.zone,
    }
