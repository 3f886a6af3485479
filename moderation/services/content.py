"""Acting on content: hide, unhide and delete posts, threads and chat messages.

The target's own app says how (``moderation.targets``); these functions check, act, audit
and tell the author.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from notifications.notices import notice, word
from notifications.outcomes import tell, with_reason

from ..audit import audit_record
from ..permissions import check_can_moderate_group
from ..targets import kind_for
from .items import resolve_open_items


def _content_kind_and_group(target):
    kind = kind_for(target)
    if not kind.content:
        raise ValidationError(_("Only posts and messages can be hidden or deleted."))
    return kind, kind.group_of(target)


@transaction.atomic
def content_hide(*, actor, target, reason: str = ""):
    """Hide a post or message from the group (reversible with :func:`content_unhide`)."""
    kind, group = _content_kind_and_group(target)
    check_can_moderate_group(actor, group)
    if not kind.can_hide:
        raise ValidationError(_("Chat messages can be removed, not hidden."))
    if kind.is_hidden(target):
        return target
    kind.hide(target, actor=actor)
    resolve_open_items(target=target, actor=actor, resolution="hidden")
    audit_record(
        actor=actor,
        action="content.hide",
        target=target,
        target_label=kind.describe(target),
        group=group,
        reason=reason,
    )
    tell(
        kind.author_of(target),
        text=with_reason(
            notice(
                gettext_noop(
                    "One of your %(noun)s in %(group)s has been hidden by the group's moderators. "
                    "If you would like to talk about it, a facilitator is glad to help."
                ),
                noun=word(kind.noun),
                group=group.name,
            ),
            reason,
        ),
        group=group,
    )
    return target


@transaction.atomic
def content_unhide(*, actor, target, reason: str = ""):
    kind, group = _content_kind_and_group(target)
    check_can_moderate_group(actor, group)
    if not kind.is_hidden(target):
        return target
    kind.unhide(target, actor=actor)
    audit_record(
        actor=actor,
        action="content.unhide",
        target=target,
        target_label=kind.describe(target),
        group=group,
        reason=reason,
    )
    tell(
        kind.author_of(target),
        text=notice(
            gettext_noop("One of your %(noun)s in %(group)s is visible again."),
            noun=word(kind.noun),
            group=group.name,
        ),
        group=group,
    )
    return target


@transaction.atomic
def content_delete(*, actor, target, reason: str = ""):
    """Remove a post or message for good; the audit keeps only a description of it."""
    kind, group = _content_kind_and_group(target)
    check_can_moderate_group(actor, group)
    if kind.is_removed(target):
        return target
    kind.delete(target, actor=actor)
    resolve_open_items(target=target, actor=actor, resolution="deleted")
    audit_record(
        actor=actor,
        action="content.delete",
        target=target,
        target_label=kind.describe(target),
        group=group,
        reason=reason,
    )
    tell(
        kind.author_of(target),
        text=with_reason(
            notice(
                gettext_noop(
                    "One of your %(noun)s in %(group)s has been removed by the group's moderators. "
                    "If you would like to talk about it, a facilitator is glad to help."
                ),
                noun=word(kind.noun),
                group=group.name,
            ),
            reason,
        ),
        group=group,
    )
    return target
