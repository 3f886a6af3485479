"""Sentences the site writes to a member, kept as words to translate, not as text.

A notification is read later, maybe in another language than the one active when it was
made (a facilitator browsing in Spanish accepts a member who reads in Russian). So the caller
writes ``notice(gettext_noop("… %(group)s …"), group=group.name)``: the message id and its
parameters are stored, and the sentence is translated when it is shown or emailed, in the
reader's language. Parameters may be plain values, datetimes (shown in the reader's format)
or notices themselves (a translated word inside a sentence); notices join with ``+``.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext


class Notice:
    """One or more sentences, each a message id and its parameters."""

    __slots__ = ("parts",)

    def __init__(self, msgid: str = "", /, **params: Param):
        self.parts: tuple[tuple[str, dict], ...] = ((msgid, params),) if msgid else ()

    @classmethod
    def _of(cls, parts) -> Notice:
        joined = cls()
        joined.parts = tuple(parts)
        return joined

    def __add__(self, other: Notice) -> Notice:
        return Notice._of(self.parts + other.parts)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __eq__(self, other) -> bool:
        return isinstance(other, Notice) and self.as_data() == other.as_data()

    def __hash__(self) -> int:
        return hash(str(self.as_data()))

    def __repr__(self) -> str:
        return f"Notice({self.as_data()!r})"

    def render(self) -> str:
        """The sentences in the active language."""
        return " ".join(_render_part(msgid, params) for msgid, params in self.parts)

    __str__ = render

    def as_data(self) -> list[dict]:
        """JSON for the database: ``[{"msgid": …, "params": {…}}, …]``."""
        return [
            {"msgid": msgid, "params": {k: _encode(v) for k, v in params.items()}}
            for msgid, params in self.parts
        ]

    @classmethod
    def from_data(cls, data) -> Notice:
        parts = []
        for part in data or []:
            if not isinstance(part, dict) or not isinstance(part.get("msgid"), str):
                continue
            params = part.get("params") if isinstance(part.get("params"), dict) else {}
            parts.append((part["msgid"], {k: _decode(v) for k, v in params.items()}))
        return cls._of(parts)


Param = str | int | float | datetime | Notice


def notice(msgid: str, /, **params: Param) -> Notice:
    """``notice(gettext_noop("Hello %(name)s"), name=…)``: translated when read."""
    return Notice(msgid, **params)


def word(lazy_text) -> Notice:
    """A word the code holds as ``gettext_lazy("post")``, as a notice of its message id."""
    with translation.override(None):
        return Notice(str(lazy_text))


def _encode(value):
    if isinstance(value, Notice):
        return {"notice": value.as_data()}
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, str | int | float) or value is None:
        return value
    return str(value)


def _decode(value):
    if isinstance(value, dict):
        if "notice" in value:
            return Notice.from_data(value["notice"])
        if "datetime" in value:
            return parse_datetime(str(value["datetime"])) or str(value["datetime"])
        return ""
    return value


def _show(value) -> str | int | float:
    if isinstance(value, Notice):
        return value.render()
    if isinstance(value, datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{date_format(moment, 'DATETIME_FORMAT')} {moment.tzname() or ''}".strip()
    return "" if value is None else value


def _render_part(msgid: str, params: dict) -> str:
    translated = gettext(msgid)
    if not params:
        return translated
    shown = {key: _show(value) for key, value in params.items()}
    try:
        return translated % shown
    except (KeyError, TypeError, ValueError):
        try:  # a translation that lost a parameter: the original sentence still works
            return msgid % shown
        except (KeyError, TypeError, ValueError):
            return msgid
