"""Quick exit's beacon: keep what the person was writing, then end the session at once.

The page sends one beacon as it hides itself (``static/js/quick-exit.js``), so the drafts are
stored before the session ends: two beacons could reach two server workers in either order.
After it, pressing Back shows no community page with the person's content: signed-in pages
are never cached (``PrivateCacheMiddleware``), and the session they would need is gone.
"""

from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse

from community.http import post_only
from drafts.services import draft_save

DRAFTS_PER_EXIT = 5


@post_only(to="/")
def quick_exit(request):
    if request.user.is_authenticated:
        places = request.POST.getlist("place")[:DRAFTS_PER_EXIT]
        titles = request.POST.getlist("title")
        bodies = request.POST.getlist("body")
        for index, place in enumerate(places):
            body = bodies[index] if index < len(bodies) else ""
            title = titles[index] if index < len(titles) else ""
            if not (body.strip() or title.strip()):
                continue  # an empty box on exit keeps the draft saved earlier
            try:
                draft_save(user=request.user, place=place, body=body, title=title)
            except (ValidationError, PermissionDenied):
                continue
        logout(request)
    response = HttpResponse(status=204)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
