"""Drafts are the member's own words: exported with the rest, and gone with the account."""

from .models import Draft

ORDER = 30


def export_sections(user):
    yield (
        "drafts",
        (
            {
                "place": d["place"],
                "title": d["title"],
                "body": d["body"],
                "updated_at": d["updated_at"],
            }
            for d in Draft.objects.filter(user=user)
            .order_by("updated_at", "pk")
            .values("place", "title", "body", "updated_at")
            .iterator(chunk_size=200)
        ),
    )


def erase(user, posts_mode):
    Draft.objects.filter(user=user).delete()
