"""Moderation records: what the audit needs outlives the account, nothing more.

* Reports the member made are kept (they may still matter to a queue item) with the reporter
  column nulled (``SET_NULL``); the export lists them with the reason and the note, and names
  only the kind of thing reported, never another member.
* Queue items about the member stay in the queue with the subject nulled; their target is gone
  or blanked with the posts and messages themselves.
* Safety alerts about the member keep what happened but no longer their pseudonym.
* Audit entries are append-only: the actor column is nulled and the copied name stays, as the
  audit log needs.
"""

from django.contrib.contenttypes.models import ContentType

from .models import ModeratorPreference, QueueItem, Report, SafetyAlert

ORDER = 40
FORMER_MEMBER = "former member"


def export_sections(user):
    kinds = {ct.pk: ct.model for ct in ContentType.objects.all()}
    yield (
        "reports_made",
        (
            {
                "about": "member"
                if kinds.get(r.item.content_type_id) == "user"
                else kinds.get(r.item.content_type_id, ""),
                "group": r.item.group.name if r.item.group_id else None,
                "reason": r.reason,
                "note": r.note,
                "created_at": r.created_at,
            }
            for r in Report.objects.filter(reporter=user)
            .select_related("item__group")
            .order_by("created_at", "pk")
            .iterator(chunk_size=200)
        ),
    )
    preference = ModeratorPreference.objects.filter(user=user).first()
    if preference is not None:
        yield ("moderator_preferences", [{"hidden_reasons": preference.hidden_reasons}])


def erase(user, posts_mode):
    SafetyAlert.objects.filter(subject=user).update(subject_name=FORMER_MEMBER)
    # Queue labels read "post 12 by <pseudonym> in <group>": keep the item, drop the name.
    for item in QueueItem.objects.filter(subject=user).only("pk", "target_label"):
        label = item.target_label.replace(f"by {user.username}", f"by {FORMER_MEMBER}")
        if user.username in label.split():
            label = " ".join(FORMER_MEMBER if w == user.username else w for w in label.split())
        if label != item.target_label:
            QueueItem.objects.filter(pk=item.pk).update(target_label=label[:200])
