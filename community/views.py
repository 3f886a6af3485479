"""Site-wide error pages."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token


def rate_limited_response(request, exception=None):
    """The calm 429 page, for our own limits and for allauth's (``handler429`` in urls)."""
    retry_after = getattr(exception, "retry_after", 60)
    response = render(
        request,
        "429.html",
        {"retry_after": retry_after, "detail": getattr(exception, "detail", "")},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def handler429(request, exception=None):
    return rate_limited_response(request, exception)


@requires_csrf_token
def server_error(request):
    """The 500 page, with the quick exit and the help link every page carries.

    It renders without the request's context processors (they may be what failed), so the
    one setting the page needs is passed in directly.
    """
    html = render_to_string("500.html", {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL})
    return HttpResponseServerError(html)
