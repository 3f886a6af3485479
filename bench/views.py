"""A bare Django view for ``make bench`` to compare real pages against.

It goes through the same middleware and template engine as every page but does no query and
no permission work, so "page / reference" says what our own code costs on top of Django.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render

FILLER = (
    "Rebuilding trust takes time. Small steps, kind words and a steady routine help more "
    "than any single conversation. "
)
MAX_SIZE = 2_000_000


def reference(request, size: int):
    """Render ``bench/reference.html`` padded to about ``size`` bytes of HTML."""
    if not settings.BENCH_REFERENCE_VIEWS or size > MAX_SIZE:
        raise Http404
    paragraphs = [FILLER] * max(size // (len(FILLER) + 8), 1)
    return render(request, "bench/reference.html", {"paragraphs": paragraphs})
