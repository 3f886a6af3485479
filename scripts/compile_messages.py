"""Compile every ``locale/*/LC_MESSAGES/*.po`` to ``.mo`` without GNU gettext.

``make run`` must work on a machine with only python3, make and git, so this uses Babel's
pure-Python compiler (a declared dependency) instead of ``msgfmt``.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    compiled = 0
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        compiled += 1
    print(f"compile_messages: {compiled} catalogue(s) compiled")


if __name__ == "__main__":
    main()
