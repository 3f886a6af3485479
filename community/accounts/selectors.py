"""Reads about accounts that other apps need, with the rule in one place."""

from allauth.account.models import EmailAddress


def user_has_verified_email(user) -> bool:
    """A member counts as signed up only once their email is confirmed."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_verified_email_cache", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._verified_email_cache = cached
    return cached
