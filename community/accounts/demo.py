"""Demo accounts: a moderator, a facilitator and two members, all with confirmed emails."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group as AuthGroup

from .models import User
from .permissions import MODERATORS_GROUP

ORDER = 0

DEMO_ACCOUNTS = [
    # (pseudonym, email, password, role)
    ("river_mod", "moderator@example.com", "demo-moderator-2026", "moderator"),
    ("sam_facilitates", "facilitator@example.com", "demo-facilitator-2026", "facilitator"),
    ("quiet_oak", "member1@example.com", "demo-member-2026", "member"),
    ("north_star", "member2@example.com", "demo-member-2026", "member"),
]


def ensure_account(*, pseudonym: str, email: str, password: str) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(username=pseudonym, email=email, password=password)
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed(*, users, stdout) -> None:
    moderators, _ = AuthGroup.objects.get_or_create(name=MODERATORS_GROUP)
    for pseudonym, email, password, role in DEMO_ACCOUNTS:
        user = ensure_account(pseudonym=pseudonym, email=email, password=password)
        users.passwords[email] = password
        if role == "moderator":
            user.groups.add(moderators)
            users.moderator = user
        elif role == "facilitator":
            users.facilitator = user
        else:
            users.members.append(user)
