"""Reads of the crisis directory, in the shape members see (pages, panels, the chat frame).

Every list starts with a number to call or text: 24/7 suicide and general crisis lines with a
phone first, then text lines, then other 24/7 lines, then the rest (editors' ``priority``
orders within each step). What members get never holds ``notes_for_editors``, ``sources`` or
``confidence``: ``member_view`` builds the dicts field by field from an allow-list.
"""

import asyncio
import logging
from datetime import timedelta
from functools import lru_cache

from babel import Locale as BabelLocale
from babel.core import UnknownLocaleError
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .countries import CrisisCountry
from .crisis_data import (
    DATA_FILE,
    INTERNATIONAL,
    fields_from_row,
    read_directory_file,
    row_problems,
    sms_href,
    tel_href,
    whatsapp_href,
)
from .crisis_models import (
    VERIFY_EVERY_DAYS,
    CrisisResource,
    CrisisResourcePhone,
    CrisisResourceSms,
    CrisisResourceWhatsApp,
)

logger = logging.getLogger(__name__)

AROUND_THE_CLOCK = "24/7"
CRISIS_LINE_KINDS = {"suicide", "general"}

#: Hours as the directory writes them, in the member's language. Hours not listed here (an
#: editor's new wording) are shown as written.
HOURS = {
    "24/7": _("24/7"),
    "24/7 in most regions": _("24/7 in most regions"),
    "Every day 8:00–24:00": _("Every day 8:00–24:00"),
    "Every day 9:00–23:00": _("Every day 9:00–23:00"),
    "Every day 10:00–24:00": _("Every day 10:00–24:00"),
    "Every day 18:00–24:00": _("Every day 18:00–24:00"),
    "Mon–Fri 10:00–19:00": _("Mon–Fri 10:00–19:00"),
    "Mon–Fri 8:00–24:00 (closed on public holidays)": _(
        "Mon–Fri 8:00–24:00 (closed on public holidays)"
    ),
    "Mon–Fri 14:00–22:00; Sat 9:00–16:00": _("Mon–Fri 14:00–22:00; Sat 9:00–16:00"),
    "Mon, Wed, Fri 9:00–14:00; Tue, Thu 15:00–20:00": _(
        "Mon, Wed, Fri 9:00–14:00; Tue, Thu 15:00–20:00"
    ),
}

#: The phone labels that recur across countries; others are shown as written.
LABELS = {
    "free": _("free"),
    "toll-free": _("toll-free"),
    "free call": _("free call"),
    "TTY": _("TTY"),
    "TDD": _("TDD"),
    "free, anonymous": _("free, anonymous"),
    "free, confidential": _("free, confidential"),
    "free from any phone": _("free from any phone"),
    "free from landlines and mobiles": _("free from landlines and mobiles"),
    "from mobile phones": _("from mobile phones"),
    "normal call charges": _("normal call charges"),
}


# --- member-facing shape ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _english_language_codes() -> dict[str, str]:
    return {name.casefold(): code for code, name in BabelLocale("en").languages.items()}


@lru_cache(maxsize=256)
def _language_name(english_name: str, language: str) -> str:
    code = _english_language_codes().get(english_name.casefold())
    if not code or language.startswith("en"):
        return english_name
    try:
        return BabelLocale.parse(language.replace("-", "_")).languages.get(code, english_name)
    except (UnknownLocaleError, ValueError):
        return english_name


def _languages_for(languages: str, language: str) -> str:
    names = [name.strip() for name in (languages or "").split(",") if name.strip()]
    return ", ".join(_language_name(name, language) for name in names)


def _around_the_clock(hours: str | None) -> bool:
    """Hours of "24/7", or "24/7 in most regions": such a line is the likeliest to answer now."""
    return (hours or "").strip().startswith(AROUND_THE_CLOCK)


def _translated(table: dict, text: str) -> str:
    text = (text or "").strip()
    return str(table[text]) if text in table else text


def resource_data(resource: CrisisResource) -> dict:
    """A snippet as plain data (children prefetched), the shape the bundled file also gives."""
    return {
        "source_id": resource.source_id or "",
        "pk": resource.pk,
        "country_code": resource.country_code,
        "region": resource.region,
        "name": resource.name,
        "name_en": resource.name_en,
        "kind": resource.kind,
        "other_kinds": list(resource.other_kinds or []),
        "description": resource.description,
        "eligibility": resource.eligibility,
        "chat_url": resource.chat_url,
        "url": resource.url,
        "email": resource.email,
        "hours": resource.hours,
        "languages": resource.languages,
        "free": resource.free,
        "priority": resource.priority,
        "last_verified": resource.last_verified,
        "phones": [
            {"dial": p.dial, "display": p.display, "label": p.label} for p in resource.phones.all()
        ],
        "sms": [
            {"number": s.number, "keyword": s.keyword, "display": s.display}
            for s in resource.sms_numbers.all()
        ],
        "whatsapp": [
            {"number": w.number, "display": w.display} for w in resource.whatsapp_numbers.all()
        ],
    }


def member_view(data: dict, *, language: str | None = None) -> dict:
    """What a member may see of one resource, in their language, with only valid links.

    Built from an allow-list: editor-only fields cannot leak by being added to the model.
    """
    language = language or get_language() or "en"
    name, other_name = data["name"], ""
    if data.get("name_en") and language.startswith("en"):
        name, other_name = data["name_en"], data["name"]
    phones = [
        {
            "href": tel_href(p["dial"]),
            "display": p["display"] or p["dial"],
            "label": _translated(LABELS, p.get("label")),
        }
        for p in data["phones"]
        if tel_href(p["dial"])
    ]
    sms = [
        {"href": sms_href(s["number"], s.get("keyword") or None), "display": s["display"]}
        for s in data["sms"]
        if sms_href(s["number"], s.get("keyword") or None)
    ]
    whatsapp = [
        {"href": whatsapp_href(w["number"]), "display": w.get("display") or w["number"]}
        for w in data["whatsapp"]
        if whatsapp_href(w["number"])
    ]
    return {
        "id": data.get("source_id") or f"resource-{data.get('pk')}",
        "country_code": data["country_code"],
        "region": data.get("region") or "",
        "name": name,
        "other_name": other_name,
        "kind": data["kind"],
        "kind_label": str(dict(CrisisResource.Kind.choices).get(data["kind"], "")),
        "description": data.get("description") or "",
        "eligibility": data.get("eligibility") or "",
        "phones": phones,
        "sms": sms,
        "whatsapp": whatsapp,
        "chat_url": data.get("chat_url") or "",
        "url": data.get("url") or "",
        "email": data.get("email") or "",
        "hours": _translated(HOURS, data.get("hours")),
        "around_the_clock": _around_the_clock(data.get("hours")),
        "languages": _languages_for(data.get("languages") or "", language),
        "free": data.get("free"),
        "verified_on": data.get("last_verified"),
        "first_contact": (
            {**phones[0], "action": "call"}
            if phones
            else {**sms[0], "action": "text"}
            if sms
            else None
        ),
    }


def contact_rank(data: dict) -> tuple:
    """Sort key: a person in crisis meets a number to call or text first."""
    kinds = {data["kind"], *(data.get("other_kinds") or [])}
    crisis_line = bool(kinds & CRISIS_LINE_KINDS)
    around_the_clock = _around_the_clock(data.get("hours"))
    phone = any(tel_href(p["dial"]) for p in data["phones"])
    text = any(sms_href(s["number"], s.get("keyword") or None) for s in data["sms"])
    if phone and crisis_line and around_the_clock:
        step = 0
    elif text and crisis_line and around_the_clock:
        step = 1
    elif (phone or text) and around_the_clock:
        step = 2
    elif (phone or text) and crisis_line:
        step = 3
    elif phone or text:
        step = 4
    else:
        step = 5
    return (step, bool(data.get("region")), data.get("priority", 100), data["name"].casefold())


# --- the bundled file: the fallback when the table is empty -------------------------------


@lru_cache(maxsize=1)
def bundled_resources() -> tuple[dict, ...]:
    """The publishable rows of the bundled v2 file as resource data (never low confidence).

    Used when the directory table is empty (a fresh install before ``load_crisis_resources``)
    so that a person in crisis never meets an empty list.
    """
    rows = []
    for priority, record in enumerate(read_directory_file(DATA_FILE), start=1):
        if row_problems(record) or record.get("confidence") == "low":
            continue
        fields = fields_from_row(record)
        rows.append(
            {
                **fields,
                "source_id": record["id"],
                "pk": None,
                "priority": priority * 10,
                "last_verified": None,
            }
        )
    return tuple(rows)


def _in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _published_data(codes: list[str]) -> list[dict]:
    resources = (
        CrisisResource.objects.filter(live=True, country_code__in=codes)
        .prefetch_related(
            Prefetch("phones", queryset=CrisisResourcePhone.objects.order_by("sort_order", "pk")),
            Prefetch(
                "sms_numbers", queryset=CrisisResourceSms.objects.order_by("sort_order", "pk")
            ),
            Prefetch(
                "whatsapp_numbers",
                queryset=CrisisResourceWhatsApp.objects.order_by("sort_order", "pk"),
            ),
        )
        .order_by("priority", "name")
    )
    return [resource_data(resource) for resource in resources]


def _directory_data(code: str | None) -> list[dict]:
    codes = [INTERNATIONAL] + ([code] if code and code != INTERNATIONAL else [])
    if _in_event_loop():
        # A query here would raise; this list is shown to someone in crisis, so answer.
        logger.warning("crisis directory read from async code; using the bundled list")
        return [row for row in bundled_resources() if row["country_code"] in codes]
    rows = _published_data(codes)
    if not rows and not CrisisResource.objects.filter(live=True).exists():
        rows = [row for row in bundled_resources() if row["country_code"] in codes]
    return rows


# --- what pages and panels ask for --------------------------------------------------------


def crisis_resources_for(*, country: str | None, language: str | None = None) -> list[dict]:
    """Published resources for ``country`` (a number to call or text first), then the
    international directories; for an unknown country or none, the directories alone.

    Reads the database: async code calls it through ``database_sync_to_async``.
    """
    code = (country or "").strip().upper()[:4] or None
    rows = _directory_data(code)
    local = sorted((r for r in rows if r["country_code"] != INTERNATIONAL), key=contact_rank)
    international = sorted(
        (r for r in rows if r["country_code"] == INTERNATIONAL), key=contact_rank
    )
    return [member_view(row, language=language) for row in local + international]


def crisis_panel(*, country: CrisisCountry, language: str | None = None) -> dict:
    """Everything a crisis panel or ``/help/`` shows for the resolved country."""
    resources = crisis_resources_for(country=country.code, language=language)
    local = [r for r in resources if r["country_code"] != INTERNATIONAL]
    international = [r for r in resources if r["country_code"] == INTERNATIONAL]
    first = local[0] if local and local[0]["first_contact"] else None
    return {
        "country": country.code or "",
        "country_name": country.name,
        "country_source": country.source,
        "first": first,
        "local": local[1:] if first else local,
        "local_count": len(local),
        "international": international,
    }


def countries_with_resources() -> set[str]:
    codes = set(
        CrisisResource.objects.filter(live=True)
        .exclude(country_code=INTERNATIONAL)
        .values_list("country_code", flat=True)
    )
    if not codes and not CrisisResource.objects.filter(live=True).exists():
        codes = {r["country_code"] for r in bundled_resources()} - {INTERNATIONAL}
    return codes


# --- for editors ---------------------------------------------------------------------------


def resources_to_check():
    """Entries an editor should confirm: never verified or not for ``VERIFY_EVERY_DAYS`` days.

    Unpublished ones (low confidence, waiting for a first check) come first.
    """
    cutoff = timezone.localdate() - timedelta(days=VERIFY_EVERY_DAYS)
    return CrisisResource.objects.filter(
        Q(last_verified__isnull=True) | Q(last_verified__lt=cutoff)
    ).order_by("live", "last_verified", "country_code", "priority", "name")
