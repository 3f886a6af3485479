"""Addresses that only act on POST still answer a GET calmly.

Opening an action's address (a bookmark, a reload after an error, a link copied from the
address bar) used to end on the browser's "This page isn't working" (405). ``post_only``
sends a GET or HEAD to the page the action belongs to instead; other methods still get 405.
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse

PageFor = str | Callable[..., str]


def page_for_get(to: PageFor, request, kwargs: dict) -> str:
    """The address a GET is sent to: a path, a URL name reversed with the kwargs it takes, or
    what a callable returns (it may look the object up, and raise Http404 like the POST would)."""
    if callable(to):
        return to(request, **kwargs)
    if to.startswith("/"):
        return to
    name, _, fragment = to.partition("#")
    url = _reverse_with(name, kwargs)
    return f"{url}#{fragment}" if fragment else url


def _reverse_with(name: str, kwargs: dict) -> str:
    """Reverse ``name`` with as many of the action's own kwargs as the page takes."""
    keys = list(kwargs)
    for size in range(len(keys), -1, -1):
        try:
            return reverse(name, kwargs={key: kwargs[key] for key in keys[:size]})
        except NoReverseMatch:
            continue
    return reverse(name)


def post_only(*, to: PageFor):
    """Like ``require_POST``, except that GET and HEAD are redirected to the page ``to``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                return redirect(page_for_get(to, request, kwargs))
            return HttpResponseNotAllowed(["POST"])

        wrapper.post_only_page = to
        return wrapper

    return decorator
