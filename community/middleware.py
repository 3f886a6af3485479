"""Responses for signed-in people are never cached: computers are shared."""

from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._logout_path = None

    def __call__(self, request):
        was_signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if was_signed_in:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
            patch_vary_headers(response, ("Cookie",))
        if self._is_sign_out(request) and was_signed_in and not request.user.is_authenticated:
            response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response

    def _is_sign_out(self, request) -> bool:
        if self._logout_path is None:
            self._logout_path = reverse("account_logout")
        return request.method == "POST" and request.path == self._logout_path


class RateLimitMiddleware:
    """Turns :class:`community.ratelimit.RateLimited` from any view or service into a calm 429."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from community.ratelimit import RateLimited

        if isinstance(exception, RateLimited):
            from community.views import rate_limited_response

            return rate_limited_response(request, exception)
        return None
