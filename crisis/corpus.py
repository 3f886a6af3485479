"""The labelled data: where it lives, how it is split, and what is never read.

``data/corpus/``
    The training corpus: ``writer-forum``, ``writer-chat`` and ``writer-edge`` were written by
    three independent writer sessions with different briefs, none of which saw the rules;
    ``writer-dev`` holds sentences written by the detector's author to cover a weakness seen
    on the tuning set (training only); ``legacy`` the old detector's labelled sets (training
    only; no category or level). Each row: ``text``, ``lang``, ``level`` (high, concern, none),
    ``category``, ``style``, ``source``.
``data/blind/``
    The blind set, frozen with its date and SHA-256 in a sidecar file. No code reads its
    texts except to assess them for aggregate figures; nothing is trained or tuned on it.

The tuning set is one fifth of each independent writer's rows, chosen by the CRC-32 of the
text (stable as the files grow, and close to stratified: each writer, language and level
gives about a fifth). Thresholds are chosen on it; the rest is the training set.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zlib import crc32

__all__ = [
    "BLIND_DIR",
    "CORPUS_DIR",
    "Row",
    "blind_rows",
    "blind_sidecar",
    "corpus_rows",
    "is_tuning",
    "split",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
CORPUS_DIR = DATA_DIR / "corpus"
BLIND_DIR = DATA_DIR / "blind"
INDEPENDENT_WRITERS = (
    "writer-forum",
    "writer-chat",
    "writer-edge",
    "writer-night",
    "writer-peer",
    "writer-vent",
    "writer-text",
    "writer-calm",
    "writer-group",
    "writer-session",
)
TUNING_SHARE = 5  # one row in five


@dataclass(frozen=True)
class Row:
    text: str
    lang: str
    level: str  # "high", "concern", "none", or "crisis" (legacy rows: level unknown)
    category: str
    style: str
    source: str

    @property
    def label(self) -> bool:
        return self.level != "none"


def _read(path: Path) -> Iterator[Row]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path.name}:{number}: {error}") from error
            yield Row(
                text=raw["text"],
                lang=raw["lang"],
                level=raw["level"],
                category=raw.get("category", ""),
                style=raw.get("style", ""),
                source=raw.get("source", path.stem),
            )


def corpus_rows(directory: Path = CORPUS_DIR) -> list[Row]:
    """Every row of the training corpus (all files in ``data/corpus``)."""
    rows: list[Row] = []
    for path in sorted(directory.glob("*.jsonl")):
        rows.extend(_read(path))
    return rows


def is_tuning(row: Row) -> bool:
    """Whether ``row`` belongs to the held-out tuning set."""
    return row.source in INDEPENDENT_WRITERS and crc32(row.text.encode()) % TUNING_SHARE == 0


def split(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """(training, tuning)."""
    training = [r for r in rows if not is_tuning(r)]
    tuning = [r for r in rows if is_tuning(r)]
    return training, tuning


def blind_sidecar(directory: Path = BLIND_DIR) -> tuple[Path, dict] | None:
    """The frozen blind file and its sidecar (date, sha256); None if there is none."""
    sidecars = sorted(directory.glob("blind_*.json"))
    if not sidecars:
        return None
    meta = json.loads(sidecars[-1].read_text(encoding="utf-8"))
    return directory / meta["file"], meta


def blind_rows(directory: Path = BLIND_DIR) -> list[Row]:
    """The blind rows, after checking the file still has the recorded hash.

    Callers may assess these rows and count; they must not print, log or store any text.
    """
    found = blind_sidecar(directory)
    if found is None:
        return []
    path, meta = found
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != meta["sha256"]:
        raise ValueError(f"{path.name} has changed since it was frozen (sha256 mismatch)")
    return list(_read(path))
