"""Text a member sends must be storable exactly as typed, or refused with a clear message.

Django's form fields already refuse NUL, and HTTP bodies cannot carry lone surrogates, but
JSON over a websocket can (``"\\ud800"``), and services are also called directly. PostgreSQL
refuses NUL in text and no UTF-8 database can hold a lone surrogate, so without this check the
same words would be a 500 on one backend and silently altered on another.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")

UNSTORABLE_MESSAGE = _(
    "Your text contains a character that cannot be saved (an invisible control character). "
    "Please remove it and try again; the rest of your words are still here."
)


def has_unstorable_characters(text: str) -> bool:
    return bool(_UNSTORABLE_RE.search(text or ""))


def check_storable(text: str, *, field: str | None = None) -> None:
    """Raise ``ValidationError`` (on ``field`` when given) if ``text`` cannot be stored as is."""
    if has_unstorable_characters(text):
        if field:
            raise ValidationError({field: UNSTORABLE_MESSAGE}, code="unstorable")
        raise ValidationError(UNSTORABLE_MESSAGE, code="unstorable")
