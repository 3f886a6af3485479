"""Each app's share of a member's data: what it exports and how it erases.

An app opts in with a module ``<app>/privacy.py`` that may define:

* ``ORDER`` (lower runs first; default 50),
* ``export_sections(user)`` yielding ``(name, iterable of dicts)``: what the member wrote or
  set, with nothing of other members beyond the pseudonyms they replied to. Iterables should
  be lazy (``QuerySet.iterator()``) so the export streams.
* ``erase(user, posts_mode)`` removing or anonymising what the app holds for ``user``, run
  inside the deletion transaction before the account row itself is deleted. ``posts_mode`` is
  ``"erase"`` or ``"anonymise"``.

Modules are discovered like ``community.demo`` discovers demo seeders.
"""

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection as db_connection
from django.utils import timezone

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "community-export/1"
POSTS_ERASE = "erase"
POSTS_ANONYMISE = "anonymise"
POSTS_MODES = (POSTS_ERASE, POSTS_ANONYMISE)
FORMER_MEMBER = "former member"


@dataclass(frozen=True)
class PrivacyModule:
    name: str
    order: int
    export_sections: Callable | None
    erase: Callable | None


def privacy_modules() -> list[PrivacyModule]:
    found = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.privacy"
        if find_spec(module_name) is None:
            continue
        module = import_module(module_name)
        found.append(
            PrivacyModule(
                name=module_name,
                order=getattr(module, "ORDER", 50),
                export_sections=getattr(module, "export_sections", None),
                erase=getattr(module, "erase", None),
            )
        )
    return sorted(found, key=lambda m: (m.order, m.name))


def export_sections(user) -> Iterator[tuple[str, Iterable[dict]]]:
    for module in privacy_modules():
        if module.export_sections is not None:
            yield from module.export_sections(user)


def _dumps(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def export_json_chunks(user) -> Iterator[str]:
    """The export as JSON text, produced a record at a time so memory stays flat."""
    yield "{\n"
    yield f'"format": {_dumps(EXPORT_FORMAT)},\n'
    yield f'"exported_at": {_dumps(timezone.now())},\n'
    yield '"sections": {'
    first_section = True
    for name, records in export_sections(user):
        yield ("\n" if first_section else ",\n") + f"{_dumps(name)}: ["
        first_section = False
        first_record = True
        for record in records:
            yield ("\n  " if first_record else ",\n  ") + _dumps(record)
            first_record = False
        yield "\n]" if not first_record else "]"
    yield "\n}\n}\n"


def without_name(text: str, name: str) -> str:
    """``text`` with the pseudonym ``name`` (as a whole word) replaced by "former member".

    For texts the site wrote about a member (notifications, audit labels): after a deletion
    nothing keeps their pseudonym. Pseudonyms are letters, digits, ``_`` and ``-``, so a
    match must not touch those characters on either side.
    """
    if not name or name not in text:
        return text
    return re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", FORMER_MEMBER, text)


def storage_forget(*, connection=None) -> None:
    """After a deletion commits: make the database files forget the deleted rows.

    SQLite (``secure_delete`` on, see settings) zeroes deleted rows in its pages, but in WAL
    mode the old pages stay readable in the ``-wal`` file until a checkpoint copies the new
    ones back: checkpoint and truncate it now. PostgreSQL keeps deleted rows in its table
    files until VACUUM reclaims them (autovacuum, usually within minutes); the README says what
    an operator runs for the same promise.
    """
    connection = connection or db_connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        row = cursor.fetchone()
    if row and row[0]:
        # Readers held old pages for longer than the busy timeout; the next deletion (or
        # SQLite's own automatic checkpoint) completes it.
        logger.warning("the SQLite checkpoint after an account deletion could not finish")


def erase_everything(user, *, posts_mode: str) -> None:
    for module in privacy_modules():
        if module.erase is not None:
            module.erase(user, posts_mode)
