"""Permission-aware reads for the moderation pages: the access rule lives in the lookup."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from community.accounts.models import SeparationRequest
from community.accounts.selectors import moderators
from groups.models import Membership, SupportGroup
from groups.permissions import is_moderator

from .models import (
    REASON_BITS,
    SAFETY_REASONS,
    AuditEntry,
    ModeratorPreference,
    QueueItem,
    Report,
    SafetyAlert,
)
from .permissions import facilitated_group_ids
from .targets import all_kinds


def hidden_reason_mask_for(user) -> int:
    """The report categories this moderator opted out of, less safety if nobody else sees it.

    Safety reports are never hidden from every moderator: when each one has opted out of them,
    everyone sees them again.
    """
    preference = ModeratorPreference.objects.filter(user=user).first()
    if preference is None or not preference.hidden_reasons:
        return 0
    mask = preference.hidden_mask
    safety_mask = sum(REASON_BITS[reason] for reason in SAFETY_REASONS)
    if mask & safety_mask:
        others_hiding = {
            pref.user_id
            for pref in ModeratorPreference.objects.filter(user__in=moderators())
            if pref.hidden_mask & safety_mask
        }
        anyone_sees_safety = moderators().exclude(pk__in=others_hiding | {user.pk}).exists()
        if not anyone_sees_safety:
            mask &= ~safety_mask
    return mask


def open_queue_items(*, user, group: SupportGroup | None = None) -> QuerySet[QueueItem]:
    """Open items ``user`` may act on, safety first, then oldest first.

    Facilitators see their own groups' items; moderators see every item, less the report
    categories they opted out of. Nobody sees items about themselves.
    """
    items = QueueItem.objects.filter(state=QueueItem.State.OPEN).exclude(subject=user)
    # A safety request is about two people: neither of them reviews it, or even sees it.
    items = items.exclude(
        content_type__app_label="accounts",
        content_type__model="separationrequest",
        object_id__in=SeparationRequest.objects.filter(other=user).values("pk"),
    )
    if group is not None:
        items = items.filter(group=group)
    if not is_moderator(user):
        items = items.filter(group_id__in=facilitated_group_ids(user))
    else:
        hidden = hidden_reason_mask_for(user)
        if hidden:
            all_bits = sum(REASON_BITS.values())
            items = items.alias(_shown=F("reason_mask").bitand(all_bits & ~hidden)).filter(
                Q(reason_mask=0) | ~Q(_shown=0)
            )
    return items.order_by("priority", "created_at", "pk")


def with_targets(items: QuerySet[QueueItem]) -> QuerySet[QueueItem]:
    """One query per kind of target and one for the reports, however long the page."""
    return items.select_related("group", "subject", "content_type").prefetch_related(
        GenericPrefetch("target", [kind.queryset() for kind in all_kinds()]),
        Prefetch("reports", queryset=Report.objects.only("id", "item_id", "reason", "note")),
    )


def safety_alerts_for(*, user, include_closed: bool = False) -> QuerySet[SafetyAlert]:
    """Moderators see every alert; facilitators their groups' alerts, never moderators-only.

    Open alerts come first, then by level (high before concern), then the one that has waited
    longest: the order every list of alerts uses.
    """
    alerts = SafetyAlert.objects.select_related("group", "acknowledged_by").exclude(subject=user)
    if not include_closed:
        alerts = alerts.exclude(state=SafetyAlert.State.RESOLVED)
    if not is_moderator(user):
        alerts = alerts.filter(moderators_only=False, group_id__in=facilitated_group_ids(user))
    return alerts.alias(
        _state_rank=Case(
            When(state=SafetyAlert.State.OPEN, then=Value(0)),
            When(state=SafetyAlert.State.ACKNOWLEDGED, then=Value(1)),
            default=Value(2),
        ),
        _level_rank=Case(When(level=SafetyAlert.Level.HIGH, then=Value(0)), default=Value(1)),
    ).order_by("_state_rank", "_level_rank", "created_at", "pk")


@dataclass(frozen=True)
class BannerAlerts:
    """What the staff banner shows: ``shown`` (oldest first) and how many more are open."""

    shown: list
    more: int

    def __bool__(self) -> bool:
        return bool(self.shown)

    def __iter__(self):
        return iter(self.shown)


def banner_alerts_for(*, user, limit: int = 10) -> BannerAlerts:
    """The open high-priority alerts ``user`` may see: the banner on every page they open.

    With more than ``limit`` open, the banner shows the longest waiting and the newest (half
    each; the newest may be the one a facilitator was just told about and is looking for) and
    says how many more wait on the safety page. Two queries, however many are open.
    """
    open_high = safety_alerts_for(user=user).filter(
        state=SafetyAlert.State.OPEN, level=SafetyAlert.Level.HIGH
    )
    ids = list(open_high.values_list("pk", flat=True))  # oldest first
    total = len(ids)
    if total > limit:
        oldest = limit // 2
        ids = ids[:oldest] + ids[total - (limit - oldest) :]
    more = total - len(ids)
    shown = {alert.pk: alert for alert in open_high.filter(pk__in=ids)}
    return BannerAlerts([shown[pk] for pk in ids if pk in shown], more)


def safety_alert_for(*, user, pk: int) -> SafetyAlert:
    alert = safety_alerts_for(user=user, include_closed=True).filter(pk=pk).first()
    if alert is None:
        raise Http404
    return alert


def audit_entries(*, group_id: int | None = None, actor: str = "", action: str = ""):
    entries = AuditEntry.objects.all()
    if group_id:
        entries = entries.filter(group_id=group_id)
    if actor:
        entries = entries.filter(actor_name__iexact=actor)
    if action:
        entries = entries.filter(action__startswith=action)
    return entries.order_by("-created_at", "-id")


# ------------------------------------------------------------------ the staff home

STAFF_HOME_LIMIT = 20


@dataclass
class StaffGroup:
    group: SupportGroup
    facilitates: bool
    open_alerts: int = 0
    join_requests: int = 0
    awaiting_approval: int = 0
    reports: int = 0


@dataclass
class StaffHome:
    groups: list[StaffGroup]
    alerts: list[SafetyAlert]
    join_requests: list[Membership]
    awaiting_approval: list[QueueItem]
    reports: list[QueueItem]
    is_moderator: bool = False
    more: dict[str, int] = field(default_factory=dict)


def _counts_by_group(queryset) -> dict[int, int]:
    return dict(
        queryset.order_by().values("group_id").annotate(n=Count("pk")).values_list("group_id", "n")
    )


def staff_home_for(*, user) -> StaffHome:
    """What waits for a facilitator or moderator, in the order to look at it.

    Facilitators see their own groups; moderators every group. Alerts still being handled
    come high first, then the longest waiting; the queues put safety first, then the oldest.
    A fixed number of queries, however much is waiting.
    """
    moderator = is_moderator(user)
    own = facilitated_group_ids(user)
    groups = SupportGroup.objects.order_by("name")
    if not moderator:
        groups = groups.filter(pk__in=own)
    groups = list(groups.only("id", "name", "slug"))
    group_ids = [group.pk for group in groups]

    alerts = safety_alerts_for(user=user)
    requests = (
        Membership.objects.filter(state=Membership.State.REQUESTED, group_id__in=group_ids)
        .exclude(user=user)
        .select_related("user", "group")
        .order_by("created_at", "pk")
    )
    items = open_queue_items(user=user).select_related("group", "subject", "content_type")
    held = items.filter(source=QueueItem.Source.PREMODERATION)
    reported = items.exclude(source=QueueItem.Source.PREMODERATION)

    counts = {
        "open_alerts": _counts_by_group(alerts),
        "join_requests": _counts_by_group(requests),
        "awaiting_approval": _counts_by_group(held),
        "reports": _counts_by_group(reported),
    }
    rows = [
        StaffGroup(
            group=group,
            facilitates=group.pk in own,
            **{name: by_group.get(group.pk, 0) for name, by_group in counts.items()},
        )
        for group in groups
    ]
    limit = STAFF_HOME_LIMIT
    home = StaffHome(
        groups=rows,
        alerts=list(alerts[:limit]),
        join_requests=list(requests[:limit]),
        awaiting_approval=list(held[:limit]),
        reports=list(reported[:limit]),
        is_moderator=moderator,
    )
    for name, shown in (
        ("alerts", home.alerts),
        ("join_requests", home.join_requests),
        ("awaiting_approval", home.awaiting_approval),
        ("reports", home.reports),
    ):
        if len(shown) == limit:
            home.more[name] = 1
    return home
