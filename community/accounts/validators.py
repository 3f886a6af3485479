"""Pseudonym rules: members are known by a chosen name, never by anything that identifies them.

Names are 3–30 characters of letters, digits, ``_`` and ``-``; unique regardless of case; and
never shaped like an email address or like a name that could pass for staff.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils.translation import gettext_lazy as _

PSEUDONYM_MIN_LENGTH = 3
PSEUDONYM_MAX_LENGTH = 30
PSEUDONYM_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")

RESERVED_PSEUDONYMS = frozenset(
    {
        "admin",
        "administrator",
        "root",
        "staff",
        "moderator",
        "moderators",
        "mod",
        "mods",
        "facilitator",
        "facilitators",
        "support",
        "help",
        "helpline",
        "crisis",
        "system",
        "official",
        "community",
        "security",
        "anonymous",
        "a-member",
        "amember",
        "member",
        "former-member",
        "formermember",
        "deleted",
        "null",
        "none",
        "undefined",
        "everyone",
        "here",
        "all",
        "team",
        "webmaster",
        "postmaster",
        "abuse",
        "noreply",
        "no-reply",
    }
)


def validate_pseudonym_characters(value: str) -> None:
    if not PSEUDONYM_PATTERN.match(value):
        raise ValidationError(
            _("Use only letters, digits, underscores (_) and hyphens (-)."), code="invalid"
        )


def validate_not_email_like(value: str) -> None:
    lowered = value.lower()
    if "@" in value or re.search(r"(gmail|yahoo|hotmail|outlook|icloud|proton)", lowered):
        raise ValidationError(
            _("Please choose a pseudonym that is not an email address."), code="email_like"
        )


def validate_not_reserved(value: str) -> None:
    if value.lower() in RESERVED_PSEUDONYMS:
        raise ValidationError(_("That name is reserved. Please choose another."), code="reserved")


pseudonym_validators = [
    MinLengthValidator(PSEUDONYM_MIN_LENGTH),
    MaxLengthValidator(PSEUDONYM_MAX_LENGTH),
    validate_pseudonym_characters,
    validate_not_email_like,
    validate_not_reserved,
]
