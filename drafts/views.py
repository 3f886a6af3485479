"""The draft endpoint the pages' script saves to while a member writes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse

from community.http import post_only

from .services import draft_save


@post_only(to="accounts:profile")
def draft_save_view(request):
    """Save (or, when empty, forget) the draft of one place. Answers 204, or why not."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "signed_out"}, status=401)
    try:
        draft_save(
            user=request.user,
            place=request.POST.get("place", ""),
            body=request.POST.get("body", ""),
            title=request.POST.get("title", ""),
        )
    except ValidationError as error:
        return JsonResponse(
            {"error": error.code or "invalid", "detail": error.messages}, status=400
        )
    except PermissionDenied as error:
        return JsonResponse({"error": "not_allowed", "detail": [str(error)]}, status=403)
    return HttpResponse(status=204)
