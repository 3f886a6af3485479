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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

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


def erase_everything(user, *, posts_mode: str) -> None:
    for module in privacy_modules():
        if module.erase is not None:
            module.erase(user, posts_mode)
