"""The crisis directory's data format (``crisis_resources_v2.json``) and its member-facing links.

Pure functions, no database: reading and checking rows of the file, turning a row into the
fields the ``CrisisResource`` snippet stores, and building the ``tel:``, ``sms:`` and WhatsApp
links. The same link builders serve the loader's checks, the pages and the chat frame, so a
number that would make a broken link is refused once, here, with the row named.
"""

import json
import re
from pathlib import Path
from urllib.parse import quote

DATA_FILE = Path(__file__).resolve().parent / "data" / "crisis_resources_v2.json"
INTERNATIONAL = "INTL"

KINDS = ("suicide", "sexual_assault", "domestic_abuse", "general", "lgbtq", "youth")
CONFIDENCE_LEVELS = ("high", "medium", "low")

#: What may go into a ``tel:`` link: digits with an optional leading +, and * or # for short
#: codes (the schema's own rule).
DIAL = re.compile(r"\+?[0-9*#]{2,15}")
SMS_NUMBER = re.compile(r"[0-9]{3,15}")
#: An SMS keyword travels in ``?body=``: one plain word keeps the link valid on every phone.
SMS_KEYWORD = re.compile(r"[A-Za-z0-9]{1,30}")
WHATSAPP_NUMBER = re.compile(r"\+[0-9]{8,15}")
COUNTRY_CODE = re.compile(r"[A-Z]{2}|INTL")

#: Field lengths shared with the model, so a row the model could not store is refused here.
MAX_LENGTHS = {
    "name": 300,
    "name_en": 300,
    "country": 100,
    "region": 100,
    "eligibility": 300,
    "hours": 200,
    "languages": 300,
    "display": 100,
    "label": 200,
}


class DirectoryFileError(ValueError):
    """The file as a whole cannot be read (not JSON, not the v2 layout)."""


def read_directory_file(path: Path = DATA_FILE) -> list[dict]:
    """The ``resources`` rows of a v2 directory file, in file order."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DirectoryFileError(f"{path}: cannot be loaded ({error}).") from error
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        raise DirectoryFileError(
            f"{path}: expected the v2 layout, an object with a 'resources' list "
            "(see the 'schema' block of crisis_resources_v2.json)."
        )
    return data["resources"]


# --- links members tap --------------------------------------------------------------------


def tel_href(dial: str) -> str | None:
    """``tel:`` link for a dial string, or None when it is not one (never a broken link).

    ``#`` is written ``%23``: unescaped, a browser reads it as the start of a fragment.
    """
    if not isinstance(dial, str) or not DIAL.fullmatch(dial):
        return None
    return "tel:" + dial.replace("#", "%23")


def sms_href(number: str, keyword: str | None = None) -> str | None:
    """``sms:`` link (RFC 5724), with ``?body=KEYWORD`` when the service asks for a word."""
    if not isinstance(number, str) or not SMS_NUMBER.fullmatch(number):
        return None
    if keyword:
        if not SMS_KEYWORD.fullmatch(keyword):
            return None
        return f"sms:{number}?body={quote(keyword)}"
    return f"sms:{number}"


def whatsapp_href(number: str) -> str | None:
    if not isinstance(number, str) or not WHATSAPP_NUMBER.fullmatch(number):
        return None
    return "https://wa.me/" + number.removeprefix("+")


# --- checking and converting rows ---------------------------------------------------------


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _https(value) -> bool:
    return value in (None, "") or (isinstance(value, str) and value.startswith("https://"))


def row_problems(record) -> list[str]:
    """Why a row cannot be loaded, in words an editor can act on; empty when it can."""
    if not isinstance(record, dict):
        return ["is not an object"]
    problems = []
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,99}", _text(record.get("id"))):
        problems.append("has no stable id (lower-case letters, digits and hyphens)")
    if not COUNTRY_CODE.fullmatch(_text(record.get("country_code"))):
        problems.append(f"has an unknown country_code {record.get('country_code')!r}")
    if not _text(record.get("name")):
        problems.append("has no name")
    if record.get("kind") not in KINDS:
        problems.append(f"has an unknown kind {record.get('kind')!r}")
    other_kinds = record.get("other_kinds") or []
    if not isinstance(other_kinds, list) or not set(other_kinds) <= set(KINDS):
        problems.append(f"has unknown other_kinds {other_kinds!r}")
    if record.get("confidence") not in CONFIDENCE_LEVELS:
        problems.append(f"has an unknown confidence {record.get('confidence')!r}")
    for field, limit in MAX_LENGTHS.items():
        value = record.get(field)
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        if isinstance(value, str) and len(value) > limit:
            problems.append(f"has a {field} longer than {limit} characters")
    phones = record.get("phones") or []
    sms = record.get("sms") or []
    whatsapp = record.get("whatsapp") or []
    if not all(isinstance(items, list) for items in (phones, sms, whatsapp)):
        return [*problems, "has phones, sms or whatsapp that are not lists"]
    for number, phone in enumerate(phones, start=1):
        dial = phone.get("dial") if isinstance(phone, dict) else None
        if not _text(dial):
            problems.append(f"phone {number} has no number to dial")
        elif tel_href(dial) is None:
            problems.append(
                f"phone {number} has a malformed number {dial!r} (a dial string is 2-15 "
                "digits with an optional leading +, * or #; put words in the label)"
            )
        elif len(_text(phone.get("display"))) > MAX_LENGTHS["display"]:
            problems.append(f"phone {number} has a display text that is too long")
    for number, text in enumerate(sms, start=1):
        digits = text.get("number") if isinstance(text, dict) else None
        keyword = text.get("keyword") if isinstance(text, dict) else None
        if not _text(digits):
            problems.append(f"text number {number} has no number")
        elif sms_href(digits) is None:
            problems.append(f"text number {number} has a malformed number {digits!r}")
        elif keyword and sms_href(digits, keyword) is None:
            problems.append(f"text number {number} has a keyword {keyword!r} that is not one word")
    for number, chat in enumerate(whatsapp, start=1):
        digits = chat.get("number") if isinstance(chat, dict) else None
        if whatsapp_href(digits) is None:
            problems.append(
                f"WhatsApp number {number} is missing or malformed {digits!r} "
                "(international form, + and 8-15 digits)"
            )
    for field in ("url", "chat_url"):
        if not _https(record.get(field)):
            problems.append(f"has a {field} that does not start with https://")
    if not (phones or sms or whatsapp or record.get("url") or record.get("chat_url")):
        problems.append("has no way to reach the service")
    return problems


def row_label(index: int, record) -> str:
    """How a message names a row: its position, id and name, whatever is there."""
    if not isinstance(record, dict):
        return f"row {index}"
    rid = _text(record.get("id")) or "no id"
    name = _text(record.get("name"))
    return f"row {index} ({rid}{', ' + repr(name) if name else ''})"


def _bool_or_none(value) -> bool | None:
    return value if isinstance(value, bool) else None


def fields_from_row(record: dict) -> dict:
    """The snippet's fields for a checked row; ``phones``/``sms``/``whatsapp`` are lists."""
    return {
        "country_code": _text(record["country_code"]),
        "country": _text(record.get("country")),
        "region": _text(record.get("region")),
        "name": _text(record["name"]),
        "name_en": _text(record.get("name_en")),
        "kind": record["kind"],
        "other_kinds": [kind for kind in record.get("other_kinds") or [] if kind != record["kind"]],
        "description": _text(record.get("description")),
        "eligibility": _text(record.get("eligibility")),
        "chat_url": _text(record.get("chat_url")),
        "url": _text(record.get("url")),
        "email": _text(record.get("email")),
        "hours": _text(record.get("hours")),
        "languages": ", ".join(_text(item) for item in record.get("languages") or [] if item),
        "interpreters": _bool_or_none(record.get("interpreters")),
        "free": _bool_or_none(record.get("free")),
        "notes_for_editors": _text(record.get("notes_for_editors")),
        "sources": "\n".join(_text(item) for item in record.get("sources") or [] if item),
        "confidence": record["confidence"],
        "phones": [
            {
                "dial": phone["dial"].strip(),
                "display": _text(phone.get("display")) or phone["dial"].strip(),
                "label": _text(phone.get("label")),
            }
            for phone in record.get("phones") or []
        ],
        "sms": [
            {
                "number": text["number"].strip(),
                "keyword": _text(text.get("keyword")),
                "display": _text(text.get("display")) or text["number"].strip(),
            }
            for text in record.get("sms") or []
        ],
        "whatsapp": [
            {"number": chat["number"].strip(), "display": _text(chat.get("display"))}
            for chat in record.get("whatsapp") or []
        ],
    }
