"""Half-written words kept on the server, one per member and place.

A draft outlives a reload, a Quick exit, an expired session and another device: the member
finds their words where they left them. Only its author ever reads it.
"""

import re

from django.conf import settings
from django.db import models
from django.utils import timezone

#: Where a draft belongs: a reply in a thread, a new thread in a group, a chat room (a side
#: room adds its own id). Built by the pages from primary keys, never from member text.
PLACE_PATTERN = re.compile(r"^(reply|thread|chat):\d{1,12}(-\d{1,12})?$")
#: Longer than any limit on the site, so a draft keeps text that is still too long to post.
DRAFT_MAX_CHARS = 100_000
TITLE_MAX_CHARS = 1_000
#: The newest drafts a member keeps; older ones give way.
DRAFTS_PER_MEMBER = 100


class Draft(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    place = models.CharField(max_length=40)
    title = models.CharField(max_length=TITLE_MAX_CHARS, blank=True)
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "place"], name="drafts_one_per_place")
        ]
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"draft {self.pk} ({self.place})"
