"""Writes to the crisis directory: loading the directory file.

The load is idempotent and editors win. Each row is matched by its stable id; a field the file
changed is updated only where the entry still holds what the file said last time (the
``imported`` snapshot), so an editor's correction is never undone. Entries an editor verified,
or with a draft waiting, are left exactly as they are. Everything arrives unverified; rows of
low confidence arrive unpublished for an editor to check. A row that cannot be loaded (a
missing or malformed number, say) is refused with its position, id and reason, and the rest
still load.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from .crisis_data import fields_from_row, row_label, row_problems
from .crisis_models import (
    CrisisResource,
    CrisisResourcePhone,
    CrisisResourceSms,
    CrisisResourceWhatsApp,
)

#: Child lists: key in the row data → (model, related name, fields).
CHILDREN = {
    "phones": (CrisisResourcePhone, "phones", ("dial", "display", "label")),
    "sms": (CrisisResourceSms, "sms_numbers", ("number", "keyword", "display")),
    "whatsapp": (CrisisResourceWhatsApp, "whatsapp_numbers", ("number", "display")),
}


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-zа-яё]+", "", plain.casefold())


def _current_fields(resource: CrisisResource, keys) -> dict:
    values = {}
    for key in keys:
        if key in CHILDREN:
            _model, related, names = CHILDREN[key]
            values[key] = [
                {name: getattr(child, name) for name in names}
                for child in getattr(resource, related).order_by("sort_order", "pk")
            ]
        else:
            values[key] = getattr(resource, key)
    return values


def _is_empty(value) -> bool:
    return value in ("", None, [])


def _write_children(resource: CrisisResource, key: str, items: list[dict]) -> None:
    model, related, _names = CHILDREN[key]
    getattr(resource, related).all().delete()
    for order, item in enumerate(items):
        child = model(resource=resource, sort_order=order, **item)
        child.full_clean(exclude=["resource"])
        child.save()


def _adoptable(fields: dict) -> CrisisResource | None:
    """An entry added before stable ids (same country, same name ignoring accents and case)."""
    wanted = {_fold(fields["name"]), _fold(fields["name_en"])} - {""}
    for resource in CrisisResource.objects.filter(
        source_id__isnull=True, country_code=fields["country_code"]
    ):
        if {_fold(resource.name), _fold(resource.name_en)} & wanted:
            return resource
    return None


def _create(source_id: str, fields: dict) -> CrisisResource:
    scalars = {key: value for key, value in fields.items() if key not in CHILDREN}
    resource = CrisisResource(
        source_id=source_id,
        **scalars,
        live=fields["confidence"] != CrisisResource.Confidence.LOW,
        last_verified=None,
        imported=fields,
    )
    resource.full_clean()
    resource.save()
    for key in CHILDREN:
        _write_children(resource, key, fields[key])
    return resource


def _merge(resource: CrisisResource, source_id: str, fields: dict) -> str:
    """Apply what the file changed and editors did not; "updated", "kept" or "unchanged".

    An entry added before stable ids (no ``imported`` snapshot) only has its empty fields
    filled, verified or not: what an editor wrote or confirmed stays.
    """
    current = _current_fields(resource, fields)
    verified_since_import = resource.imported is not None and resource.last_verified is not None
    if resource.has_unpublished_changes or verified_since_import:
        return "unchanged" if current == fields else "kept"
    before = resource.imported or {}
    changes, kept = {}, False
    for key, new in fields.items():
        if current[key] == new:
            continue
        edited = current[key] != before[key] if key in before else not _is_empty(current[key])
        if edited:
            kept = True
        else:
            changes[key] = new
    if resource.source_id != source_id:
        resource.source_id = source_id
    for key, value in changes.items():
        if key not in CHILDREN:
            setattr(resource, key, value)
    resource.imported = fields
    resource.full_clean()
    resource.save()
    for key in CHILDREN:
        if key in changes:
            _write_children(resource, key, changes[key])
    if changes:
        return "updated"
    return "kept" if kept else "unchanged"


def crisis_resources_load(*, records: list) -> LoadReport:
    """Load the rows of a v2 directory file (see the module docstring for the rules).

    A data-loading command, not a member's action: there is no acting user to check. Each row
    is its own transaction, so one refused row never stops the others.
    """
    report = LoadReport()
    seen: set[str] = set()
    for index, record in enumerate(records, start=1):
        label = row_label(index, record)
        problems = row_problems(record)
        if not problems and record["id"] in seen:
            problems = ["repeats an id already loaded from this file"]
        if problems:
            report.refused.append(f"{label}: {'; '.join(problems)}")
            continue
        source_id = record["id"]
        seen.add(source_id)
        fields = {**fields_from_row(record), "priority": index * 10}
        try:
            with transaction.atomic():
                resource = CrisisResource.objects.filter(source_id=source_id).first()
                resource = resource or _adoptable(fields)
                if resource is None:
                    resource = _create(source_id, fields)
                    report.created.append(source_id)
                    if not resource.live:
                        report.unpublished.append(source_id)
                else:
                    getattr(report, _merge(resource, source_id, fields)).append(source_id)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                reasons = "; ".join(
                    f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
                )
            else:
                reasons = " ".join(error.messages)
            report.refused.append(f"{label}: {reasons}")
    return report
