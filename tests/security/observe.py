"""Comparing what a person can observe in two situations that must look the same to them."""

import difflib
import re

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
CSRF_META = re.compile(r'(data-csrf[-a-z]*|name="csrf-token" content)="[^"]+"')


def normalise_html(html: str, *, replace: dict[str, str] | None = None) -> str:
    """The page with per-session tokens and the given names masked."""
    html = CSRF_FIELD.sub('name="csrfmiddlewaretoken" value="CSRF"', html)
    html = CSRF_META.sub(r'\1="CSRF"', html)
    for old, new in (replace or {}).items():
        html = html.replace(old, new)
    return html


def assert_same(first, second, *, what: str = "observation") -> None:
    """Equal, or fail with a short unified diff of the two (repr'd) values."""
    if first == second:
        return
    a = first if isinstance(first, str) else _pretty(first)
    b = second if isinstance(second, str) else _pretty(second)
    diff = "\n".join(
        difflib.unified_diff(a.splitlines(), b.splitlines(), "with", "without", lineterm="", n=2)
    )
    raise AssertionError(f"{what} differs:\n{diff[:6000]}")


def _pretty(value) -> str:
    if isinstance(value, dict):
        return "\n".join(f"{key}: {_pretty(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return "\n".join(_pretty(item) for item in value)
    return repr(value) if not isinstance(value, str) else value
