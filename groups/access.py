"""What one person may do in one group, read once: per request for a page, per connection for
the chat consumer.

:class:`GroupAccess` holds the membership facts and the person's private lists (blocked,
kept apart) as plain values, so a template, a view and the chat consumer ask the same object
and no query runs per question. It is never stored on the user object and never invalidated
by hand: a page builds a new one per request (:func:`group_access`), and the consumer builds
a new one when the member's user channel says something changed.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from community.accounts.selectors import blocked_ids, kept_apart_ids

from .models import Membership, SupportGroup
from .permissions import act_on_member_refusal, can_facilitate, is_moderator
from .selectors import membership_for


@dataclass(frozen=True)
class GroupAccess:
    user_id: int | None
    pseudonym: str
    country: str
    group_id: int
    is_member: bool  # an active seat
    is_moderator: bool
    is_facilitator: bool  # facilitates this group (and is not a moderator)
    suspended: bool
    active_account: bool
    muted_until: datetime | None
    rules_accepted: bool

    @cached_property
    def blocked_ids(self) -> frozenset[int]:
        """Whom this person blocked: read on first use, by id (never a copy cached on the
        user object), so a new access object always has the current list."""
        return frozenset(blocked_ids(self.user_id)) if self.user_id else frozenset()

    @cached_property
    def kept_apart_ids(self) -> frozenset[int]:
        """Who must never share a group or a session with this person (either way)."""
        return frozenset(kept_apart_ids(self.user_id)) if self.user_id else frozenset()

    @property
    def can_view(self) -> bool:
        """Reads the group's content (anyone else gets 404)."""
        return self.is_moderator or self.is_member

    @property
    def allowed(self) -> bool:
        """May be in the group's chat at all (a closed connection otherwise)."""
        return self.can_view and not self.suspended and self.active_account

    @property
    def can_facilitate(self) -> bool:
        return self.is_moderator or self.is_facilitator

    def check_can_view(self) -> None:
        """Anyone who may not read the group's content gets 404: it does not admit it exists."""
        if not self.can_view:
            raise Http404

    def check_can_facilitate(self) -> None:
        """Facilitator tools answer 404 to non-members and 403 to members who do not
        facilitate (``groups.permissions.check_can_facilitate``, read from this object)."""
        if self.can_facilitate:
            return
        if self.is_member:
            raise PermissionDenied
        raise Http404

    def act_on_refusal(self, target: Membership) -> str | None:
        """Why this person may not remove or mute the holder of ``target`` (``None``: they
        may), by the one who-on-whom rule (``groups.permissions.act_on_member_refusal``)."""
        return act_on_member_refusal(
            actor_id=self.user_id,
            actor_is_moderator=self.is_moderator,
            member=target.user,
            membership=target,
        )

    def can_act_on(self, target: Membership) -> bool:
        return self.can_facilitate and self.act_on_refusal(target) is None

    def is_muted(self, now: datetime | None = None) -> bool:
        if self.can_facilitate:
            return False
        return bool(self.muted_until and self.muted_until > (now or timezone.now()))


_UNREAD = object()


def group_access_for(*, user, group: SupportGroup, membership=_UNREAD) -> GroupAccess:
    """Read the person's access to ``group`` now (one membership query, unless the caller
    already read the membership: pass it, ``None`` included)."""
    authenticated = bool(getattr(user, "is_authenticated", False))
    if membership is _UNREAD:
        membership = membership_for(user=user, group=group) if authenticated else None
    moderator = is_moderator(user)
    user_id = user.pk if authenticated else None
    return GroupAccess(
        user_id=user_id,
        pseudonym=user.username if authenticated else "",
        country=getattr(user, "country", "") or "",
        group_id=group.pk,
        is_member=bool(membership and membership.is_active),
        is_moderator=moderator,
        is_facilitator=can_facilitate(user, membership) and not moderator,
        suspended=bool(getattr(user, "is_suspended", False)),
        active_account=bool(getattr(user, "is_active", False)),
        muted_until=membership.muted_until if membership else None,
        rules_accepted=moderator or bool(membership and membership.has_accepted_current_rules),
    )


def group_access(request, group: SupportGroup, membership=_UNREAD) -> GroupAccess:
    """The request's one access object for ``group``, built on first use (pass the
    membership when the view has already read it, so it is not read twice) and kept on the
    request, never on the user: the next request reads everything afresh."""
    cache = request.__dict__.setdefault("_group_access", {})
    if group.pk not in cache:
        cache[group.pk] = group_access_for(user=request.user, group=group, membership=membership)
    return cache[group.pk]
