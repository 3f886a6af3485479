"""Writes to a member's own account. Each takes the acting user explicitly."""

from django.db import transaction

from .models import User


@transaction.atomic
def profile_update(*, user: User, country: str, neutral_tab_title: bool) -> User:
    user.country = country.upper()[:2]
    user.neutral_tab_title = neutral_tab_title
    user.save(update_fields=["country", "neutral_tab_title"])
    return user
