"""The Content-Security-Policy: no inline script or style anywhere members go.

The policy itself is ``CONTENT_SECURITY_POLICY`` in settings. This middleware adds what depends
on the request (the websocket origin of the host being served) and swaps in a relaxed policy for
the two admin interfaces, whose own templates rely on inline scripts and styles:

* ``/admin/`` (Wagtail) and ``/django-admin/`` get ``ADMIN_CSP_REPLACE``: inline script and style
  allowed, ``blob:`` images (Wagtail's image chooser previews), and same-origin framing for the
  page preview. Only staff with the right permissions reach those pages, and they never show
  member-written HTML unsanitised.
* Every other path gets the strict policy unchanged.
"""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")

ADMIN_CSP_REPLACE = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
    "form-action": [SELF],
    "object-src": [NONE],
}


def is_admin_path(path: str) -> bool:
    return path.startswith(ADMIN_PATH_PREFIXES)


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        host = request.get_host()
        update = dict(parts.update or {})
        update["connect-src"] = [*update.get("connect-src", []), f"ws://{host}", f"wss://{host}"]
        parts.update = update
        if is_admin_path(request.path_info):
            parts.replace = {**ADMIN_CSP_REPLACE, **(parts.replace or {})}
        return parts
