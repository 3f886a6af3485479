"""Site-wide error pages."""

from django.shortcuts import render


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
