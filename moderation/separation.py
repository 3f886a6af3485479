"""Safety requests to keep two people out of the same groups: asked by a member, decided by
moderators, enforced quietly.

A member's own keep-apart list only hides two people from each other; it never refuses anyone
a seat, because then one member could shut another out of a group, and the refusal itself
would tell the person who made the entry where the other one sits. Keeping two people apart is
therefore a request that trained moderators review (a queue item in ``/moderation/`` and an
audit entry). Once a moderator enforces it, neither person is seated by an ordinary join: every
join of theirs becomes a request for a facilitator or moderator, in every group alike
(``groups.permissions.joins_need_review``), so nothing either of them sees depends on where
the other one is. The person named is never told anything.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from community.accounts.models import SeparationRequest
from community.ratelimit import rate_limit_check
from community.textcheck import check_storable
from groups.models import Membership
from groups.permissions import SEATED_STATES, is_moderator
from notifications.models import Notification
from notifications.services import notification_create

from .audit import audit_record
from .models import QueueItem
from .permissions import check_is_moderator
from .safety import moderators

REQUESTS_PER_DAY = 5
NOTE_MAX = 1000


def _label(request: SeparationRequest) -> str:
    """Queue and audit labels name nobody: the request's number is enough to find it."""
    return f"safety request {request.pk}"


def _clean_name(pseudonym: str) -> str:
    return (pseudonym or "").strip().lstrip("@")[:60]


def _open_queue_item(request: SeparationRequest) -> QueueItem:
    content_type = ContentType.objects.get_for_model(SeparationRequest)
    lookup = {"content_type": content_type, "object_id": request.pk, "state": QueueItem.State.OPEN}
    item = QueueItem.objects.filter(**lookup).first()
    if item is not None:
        return item
    try:
        with transaction.atomic():
            return QueueItem.objects.create(
                **lookup,
                source=QueueItem.Source.SAFETY_REQUEST,
                priority=QueueItem.Priority.HIGH,
                target_label=_label(request),
                subject=request.requester,
            )
    except IntegrityError:
        return QueueItem.objects.get(**lookup)


def _close_queue_item(request: SeparationRequest, *, actor, resolution: str) -> None:
    content_type = ContentType.objects.get_for_model(SeparationRequest)
    QueueItem.objects.filter(
        content_type=content_type, object_id=request.pk, state=QueueItem.State.OPEN
    ).update(
        state=QueueItem.State.RESOLVED,
        resolution=resolution,
        resolved_at=timezone.now(),
        resolved_by=actor,
    )


@transaction.atomic
def separation_request_create(*, requester, pseudonym: str, note: str = "") -> SeparationRequest:
    """A member asks the moderators to keep them and another person out of the same groups.

    The answer is the same whether or not the name belongs to anyone and wherever that person
    is; moderators see a name that matched no account and can follow up.
    """
    name = _clean_name(pseudonym)
    if not name:
        raise ValidationError(_("Please enter a pseudonym."), code="required")
    if name.lower() == requester.username.lower():
        raise ValidationError(_("That is your own pseudonym."), code="self")
    note = (note or "").strip()[:NOTE_MAX]
    check_storable(note)
    rate_limit_check(
        scope="separation_request", key=requester.pk, limit=REQUESTS_PER_DAY, period=86400
    )
    other = get_user_model().objects.filter(username__iexact=name, is_active=True).first()
    existing = SeparationRequest.objects.filter(
        requester=requester,
        state__in=[SeparationRequest.State.PENDING, SeparationRequest.State.ENFORCED],
    )
    existing = (
        existing.filter(other=other)
        if other is not None
        else existing.filter(other__isnull=True, other_name__iexact=name)
    )
    request = existing.first()
    if request is not None:
        return request
    request = SeparationRequest.objects.create(
        requester=requester, other=other, other_name="" if other else name, note=note
    )
    item = _open_queue_item(request)
    audit_record(
        actor=requester,
        action="separation.request",
        target=request,
        target_label=_label(request),
    )
    parties = {requester.pk, getattr(other, "pk", None)}
    for moderator in moderators():
        if moderator.pk in parties:
            continue
        notification_create(
            recipient=moderator,
            kind=Notification.Kind.MODERATION,
            text=_("A member asked for a safety separation. It is waiting in the review queue."),
            url=f"/moderation/#item-{item.pk}",
            priority=Notification.Priority.HIGH,
        )
    return request


def separation_for_review(*, user, pk: int) -> SeparationRequest:
    """A request a moderator may review: never one that names the moderator themselves."""
    check_is_moderator(user)
    request = (
        SeparationRequest.objects.select_related("requester", "other", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if request is None or user.pk in (request.requester_id, request.other_id):
        raise Http404
    return request


def shared_groups(request: SeparationRequest) -> list:
    """Groups where both people hold or are offered a seat (for the moderator to act on)."""
    if request.other_id is None:
        return []
    seats = Membership.objects.filter(state__in=SEATED_STATES)
    mine = set(seats.filter(user_id=request.requester_id).values_list("group_id", flat=True))
    return [
        membership.group
        for membership in seats.filter(user_id=request.other_id, group_id__in=mine)
        .select_related("group")
        .order_by("group__name")
    ]


def _check_reviewer(actor, request: SeparationRequest) -> None:
    check_is_moderator(actor)
    if actor.pk in (request.requester_id, request.other_id):
        raise PermissionDenied(_("Another moderator will review this request."))


def _tell_requester(request: SeparationRequest, text: str) -> None:
    notification_create(
        recipient=request.requester,
        kind=Notification.Kind.MODERATION,
        text=text,
        url="/me/keep-apart/",
    )


@transaction.atomic
def separation_enforce(*, actor, request: SeparationRequest, reason: str = "") -> SeparationRequest:
    """Put the separation in place. The person named is not told; nobody is moved by it."""
    _check_reviewer(actor, request)
    request = SeparationRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != SeparationRequest.State.PENDING:
        return request
    if request.other_id is None:
        raise ValidationError(_("This name matches no account, so there is nothing to enforce."))
    request.state = SeparationRequest.State.ENFORCED
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(update_fields=["state", "decided_at", "decided_by"])
    _close_queue_item(request, actor=actor, resolution="separation_enforced")
    audit_record(
        actor=actor,
        action="separation.enforce",
        target=request,
        target_label=_label(request),
        reason=reason,
    )
    _tell_requester(
        request,
        _(
            "A moderator reviewed your safety request and put it in place. Joining a group now "
            "goes through a facilitator first."
        ),
    )
    return request


@transaction.atomic
def separation_decline(*, actor, request: SeparationRequest, reason: str = "") -> SeparationRequest:
    _check_reviewer(actor, request)
    request = SeparationRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != SeparationRequest.State.PENDING:
        return request
    request.state = SeparationRequest.State.DECLINED
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(update_fields=["state", "decided_at", "decided_by"])
    _close_queue_item(request, actor=actor, resolution="separation_declined")
    audit_record(
        actor=actor,
        action="separation.decline",
        target=request,
        target_label=_label(request),
        reason=reason,
    )
    _tell_requester(
        request,
        _(
            "A moderator reviewed your safety request and did not put it in place. If you feel "
            "unsafe, a moderator can talk it through with you, and your keep-apart list still "
            "hides the two of you from each other."
        ),
    )
    return request


@transaction.atomic
def separation_end(*, actor, request: SeparationRequest, reason: str = "") -> SeparationRequest:
    """A moderator ends an enforced separation (the requester can withdraw it too)."""
    _check_reviewer(actor, request)
    request = SeparationRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != SeparationRequest.State.ENFORCED:
        return request
    request.state = SeparationRequest.State.ENDED
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(update_fields=["state", "decided_at", "decided_by"])
    audit_record(
        actor=actor,
        action="separation.end",
        target=request,
        target_label=_label(request),
        reason=reason,
    )
    return request


@transaction.atomic
def separation_withdraw(*, user, pk: int) -> None:
    """The requester withdraws their own request, pending or in place."""
    request = (
        SeparationRequest.objects.select_for_update()
        .filter(
            pk=pk,
            requester=user,
            state__in=[SeparationRequest.State.PENDING, SeparationRequest.State.ENFORCED],
        )
        .first()
    )
    if request is None:
        return
    request.state = SeparationRequest.State.ENDED
    request.decided_at = timezone.now()
    request.save(update_fields=["state", "decided_at"])
    _close_queue_item(request, actor=None, resolution="separation_withdrawn")
    audit_record(
        actor=user, action="separation.withdraw", target=request, target_label=_label(request)
    )


def can_review_separations(user) -> bool:
    return is_moderator(user)
