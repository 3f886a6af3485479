"""Writes to a member's own drafts. Each takes the member explicitly."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import DRAFT_MAX_CHARS, DRAFTS_PER_MEMBER, PLACE_PATTERN, TITLE_MAX_CHARS, Draft


def check_place(place: str) -> str:
    if not isinstance(place, str) or not PLACE_PATTERN.match(place):
        raise ValidationError(_("This draft has no valid place."), code="invalid_place")
    return place


def _check_member(user) -> None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied(_("Please sign in to keep a draft."))


@transaction.atomic
def draft_save(*, user, place: str, body: str, title: str = "") -> Draft | None:
    """Keep what the member has written so far; nothing written means no draft.

    Text longer than any posting limit is kept as it is (the page shows the limit); only text
    beyond ``DRAFT_MAX_CHARS`` is refused, so a runaway paste cannot fill the database.
    """
    _check_member(user)
    check_place(place)
    body = body or ""
    title = title or ""
    if len(body) > DRAFT_MAX_CHARS or len(title) > TITLE_MAX_CHARS:
        raise ValidationError(
            _("This draft is too long to keep (over %(limit)s characters).")
            % {"limit": f"{DRAFT_MAX_CHARS:,}"},
            code="too_long",
        )
    if not body.strip() and not title.strip():
        draft_discard(user=user, place=place)
        return None
    values = {"body": body, "title": title, "updated_at": timezone.now()}
    try:
        with transaction.atomic():
            draft, _created = Draft.objects.update_or_create(
                user=user, place=place, defaults=values
            )
    except IntegrityError:  # a second tab saved the same place at the same moment
        Draft.objects.filter(user=user, place=place).update(**values)
        draft = Draft.objects.get(user=user, place=place)
    stale = Draft.objects.filter(user=user).values_list("pk", flat=True)[DRAFTS_PER_MEMBER:]
    if stale:
        Draft.objects.filter(pk__in=list(stale)).delete()
    return draft


def draft_discard(*, user, place: str) -> None:
    """Forget the draft of a place, once its words are posted or the member clears them."""
    if not getattr(user, "is_authenticated", False):
        return
    Draft.objects.filter(user=user, place=place).delete()
