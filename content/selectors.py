"""Reads for the content hub that other apps need."""

import json
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "crisis_resources.json"
INTERNATIONAL = "INTL"


@lru_cache(maxsize=1)
def _bundled_resources() -> list[dict]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def crisis_resources_for(*, country: str | None) -> list[dict]:
    """Resources for ``country`` followed by the international directories, as plain dicts.

    Interim source: the bundled JSON. The content hub replaces this with the CrisisResource
    snippet once it exists; the signature and the dict keys stay the same.
    """
    code = (country or "").upper()
    local = [r for r in _bundled_resources() if r["country_code"] == code]
    international = [r for r in _bundled_resources() if r["country_code"] == INTERNATIONAL]
    return [
        {
            "country_code": r["country_code"],
            "name": r["name"],
            "kind": r["kind"],
            "phone": r.get("phone"),
            "sms": r.get("sms"),
            "url": r.get("url"),
            "hours": r.get("hours"),
        }
        for r in local + international
    ]
