"""Reading drafts: a member only ever reads their own."""

from .models import PLACE_PATTERN, Draft


def draft_for(*, user, place: str) -> Draft | None:
    if not getattr(user, "is_authenticated", False) or not PLACE_PATTERN.match(place or ""):
        return None
    return Draft.objects.filter(user=user, place=place).first()
