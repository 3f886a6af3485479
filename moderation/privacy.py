"""Moderation records: what the audit needs outlives the account, nothing more.

* Reports the member made are kept (they may still matter to a queue item) with the reporter
  column nulled (``SET_NULL``); the export lists them with the reason and the note, and names
  only the kind of thing reported, never another member.
* Queue items about the member stay in the queue with the subject nulled; their target is gone
  or blanked with the posts and messages themselves.
* Safety alerts about the member keep what happened but no longer their pseudonym.
* Audit entries are append-only, with one exception: the member's pseudonym gives way to
  "former member" wherever the audit wrote it (actor name, labels such as "member <name>",
  and the reasons of entries about them); what was done, when, where and by which role stays.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from community.privacy import without_name

from .models import AuditEntry, ModeratorPreference, QueueItem, Report, SafetyAlert

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
    name = user.username
    SafetyAlert.objects.filter(subject=user).update(subject_name=FORMER_MEMBER)
    # Queue labels read "post 12 by <pseudonym> in <group>": keep the item, drop the name.
    for item in QueueItem.objects.filter(target_label__contains=name).only("pk", "target_label"):
        label = without_name(item.target_label, name)
        if label != item.target_label:
            QueueItem.objects.filter(pk=item.pk).update(target_label=label[:200])
    # The audit keeps what was done, when and where, and "former member" for who: as actor,
    # in labels ("member <name>", "one-to-one check-in with <name>") and in the reasons of
    # entries about them.
    AuditEntry.objects.filter(actor=user).redact(actor_name=FORMER_MEMBER)
    about_them = AuditEntry.objects.filter(
        Q(target_label__contains=name)
        | Q(target_type=user._meta.label_lower, target_id=str(user.pk))
    )
    for entry in about_them.only("pk", "target_label", "reason").iterator():
        label = without_name(entry.target_label, name)
        reason = without_name(entry.reason, name)
        if (label, reason) != (entry.target_label, entry.reason):
            AuditEntry.objects.filter(pk=entry.pk).redact(target_label=label, reason=reason)
