"""Creating groups (moderators) and changing their settings (facilitators)."""

from datetime import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import realtime
from moderation.audit import audit_record

from .hours import Span, time_zone_names
from .models import Membership, SupportGroup
from .permissions import check_can_create_groups, check_can_facilitate
from .selectors import membership_for
from .services import _locked_group, group_rules_update, offer_seat_to_waitlist

RESERVED_SLUGS = {"search", "new", "create", "manage", "me"}
SETTINGS_FIELDS = (
    "name",
    "description",
    "language",
    "listed",
    "join_policy",
    "capacity",
    "schedule_summary",
    "allow_anonymous_posts",
    "premoderated_post_count",
)


def _facilitate(*, group: SupportGroup, user) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        user=user,
        group=group,
        defaults={"state": Membership.State.ACTIVE, "joined_at": timezone.now()},
    )
    membership.role = Membership.Role.FACILITATOR
    membership.state = Membership.State.ACTIVE
    membership.joined_at = membership.joined_at or timezone.now()
    membership.rules_version_accepted = group.rules_version
    membership.ended_at = None
    membership.save()
    return membership


@transaction.atomic
def group_create(
    *,
    actor,
    name: str,
    slug: str,
    description: str,
    ground_rules: str,
    facilitators=(),
    topics=(),
    **settings,
) -> SupportGroup:
    """A moderator opens a group and names its facilitators (who join it at once)."""
    check_can_create_groups(actor)
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This address is reserved. Please choose another.")})
    unknown = set(settings) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"unknown group settings: {sorted(unknown)}")
    group = SupportGroup(
        name=name, slug=slug, description=description, ground_rules=ground_rules, **settings
    )
    group.full_clean()
    group.save()
    group.topics.set(list(topics))
    for user in facilitators:
        _facilitate(group=group, user=user)
    audit_record(actor=actor, action="group.create", target=group, group=group)
    return group


@transaction.atomic
def group_settings_update(
    *, actor, group: SupportGroup, ground_rules: str | None = None, topics=None, **changes
) -> SupportGroup:
    """A facilitator edits their group; new rules bump the version; more seats go to the list."""
    check_can_facilitate(actor, membership_for(user=actor, group=group))
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"unknown group settings: {sorted(unknown)}")
    group = _locked_group(group)
    for field, value in changes.items():
        setattr(group, field, value)
    group.full_clean()
    group.save(update_fields=list(changes) or None)
    if topics is not None:
        group.topics.set(list(topics))
    if ground_rules is not None:
        group = group_rules_update(actor=actor, group=group, ground_rules=ground_rules)
    offer_seat_to_waitlist(group)
    audit_record(
        actor=actor,
        action="group.settings_update",
        target=group,
        group=group,
        target_label=f"settings of group {group.pk}: {', '.join(sorted(changes)) or 'none'}",
    )
    return group


@transaction.atomic
def group_hours_update(
    *, actor, group: SupportGroup, time_zone: str, hours: list[dict]
) -> SupportGroup:
    """A facilitator says when someone is normally around, in the group's time zone.

    ``hours`` is a list of ``{"day", "start", "end"}`` (``groups.hours``); an empty list means
    the group does not say, and its pages then show no notice at all.
    """
    check_can_facilitate(actor, membership_for(user=actor, group=group))
    if time_zone not in time_zone_names():
        raise ValidationError({"time_zone": _("Please choose a time zone from the list.")})
    spans = []
    for entry in hours:
        try:
            span = Span(
                day=int(entry["day"]),
                start=time.fromisoformat(entry["start"]),
                end=time.fromisoformat(entry["end"]),
            )
        except (KeyError, TypeError, ValueError):
            raise ValidationError(_("Please give each day's hours as two times.")) from None
        if not 0 <= span.day <= 6 or span.start >= span.end:
            raise ValidationError(_("Please give each day's hours as two times."))
        spans.append(span.as_data())
    group = _locked_group(group)
    group.time_zone = time_zone
    group.facilitator_hours = sorted(spans, key=lambda span: (span["day"], span["start"]))
    group.save(update_fields=["time_zone", "facilitator_hours"])
    audit_record(
        actor=actor,
        action="group.hours_update",
        target=group,
        group=group,
        target_label=f"facilitator hours of group {group.pk}: {len(spans)} days, {time_zone}",
    )
    return group


@transaction.atomic
def facilitators_set(*, actor, group: SupportGroup, users) -> list[Membership]:
    """Moderators name a group's facilitators; those not named become ordinary members."""
    check_can_create_groups(actor)
    chosen = {user.pk for user in users}
    for membership in Membership.objects.facilitators().filter(group=group):
        if membership.user_id not in chosen:
            membership.role = Membership.Role.MEMBER
            membership.save(update_fields=["role", "updated_at"])
            # An open chat socket drops the facilitator tools at once (lock, mute, ...).
            realtime.user_access_changed_on_commit(user_id=membership.user_id, group_id=group.pk)
    result = [_facilitate(group=group, user=user) for user in users]
    for membership in result:
        realtime.user_access_changed_on_commit(user_id=membership.user_id, group_id=group.pk)
    audit_record(
        actor=actor,
        action="group.facilitators_set",
        target=group,
        group=group,
        target_label=f"{len(result)} facilitators",
    )
    return result
