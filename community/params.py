"""Reading numbers from query strings without ever answering 500.

``str.isdigit()`` is true for "²", "١٢" and "９", which ``int()`` then refuses or reads as
another number, and a number with twenty digits overflows the database's integer column.
Every integer query parameter goes through :func:`int_param`.
"""

#: The largest value a BigAutoField column holds.
INT_PARAM_MAX = 2**63 - 1


def int_param(value, *, maximum: int = INT_PARAM_MAX) -> int | None:
    """A non-negative whole number written in ASCII digits, at most ``maximum``; else None."""
    if not isinstance(value, str) or not value or len(value) > 19:
        return None
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if number <= maximum else None
