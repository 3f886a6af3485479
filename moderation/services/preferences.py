"""Moderator wellbeing: categories of reports a moderator would rather not review."""

from django.db import transaction

from ..models import REASON_BITS, ModeratorPreference
from ..permissions import check_is_moderator


@transaction.atomic
def moderator_preference_set(*, actor, hidden_reasons: list[str]) -> ModeratorPreference:
    """A moderator chooses categories of reports they would rather not review."""
    check_is_moderator(actor)
    reasons = sorted({r for r in hidden_reasons if r in REASON_BITS})
    preference, _created = ModeratorPreference.objects.update_or_create(
        user=actor, defaults={"hidden_reasons": reasons}
    )
    return preference
