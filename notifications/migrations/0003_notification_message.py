"""Notifications keep their sentence as a message id and parameters, read in the reader's
language (``notifications.notices``).

Rows written before keep their words: each is matched against the site's notification
sentences, as written in English, Spanish and Russian at the time; a row that matches becomes
a message (so it reads in the member's language from now on), any other keeps its text.
The sentences are copied here, as they were when this migration was written.
"""

import re

from django.db import migrations, models
from django.utils import translation

SENTENCES = [
    "Your request to join %(group)s was accepted. Welcome.",
    "%(group)s is full for now; you are on its waitlist.",
    "Your request to join %(group)s was not accepted this time. "
    "Other groups may be a good fit; the directory lists them.",
    "A seat is free in %(group)s. It is held for you for 48 hours.",
    "The seat held for you in %(group)s was passed on after 48 hours. "
    "You are still on the waitlist.",
    "You are no longer a member of %(group)s. If you think this is a mistake, "
    "a moderator can help.",
    "%(name)s mentioned you in %(group)s.",
    "%(name)s replied in a thread you follow in %(group)s.",
    "%(name)s would like a one-to-one check-in in %(group)s. "
    "A short private message to ask how they are is a good next step.",
    "A new session is scheduled in %(group)s, starting %(when)s.",
    "A session in %(group)s starts at %(when)s.",
    "A report says someone may be at risk. Please look at the review queue soon.",
    "There is something new in the review queue.",
    "A facilitator asked the moderators to look at an item in the review queue.",
    "One of your %(noun)s in %(group)s has been hidden by the group's moderators. "
    "If you would like to talk about it, a facilitator is glad to help.",
    "One of your %(noun)s in %(group)s is visible again.",
    "One of your %(noun)s in %(group)s has been removed by the group's moderators. "
    "If you would like to talk about it, a facilitator is glad to help.",
    "A message from the moderators of %(where)s: please take a moment to re-read "
    "the ground rules.",
    "You can read %(group)s but not post or chat there until %(until)s UTC. "
    "This is a pause, and you are welcome back afterwards.",
    "You are no longer a member of %(group)s. Other groups may suit you; the "
    "moderators can help if you would like to talk about it.",
    "Your account is paused until %(until)s UTC: you can read, but not post, chat "
    "or join groups. If you would like to talk about it, you can write to the moderators.",
    "Your %(noun)s in %(group)s was approved and is now visible to the group.",
    "Your %(noun)s in %(group)s was not approved this time. You are welcome to "
    "write again; a facilitator can help with the ground rules.",
    "Safety alert: %(name)s may need support (%(where)s). Please check in.",
    "Safety alert not yet acknowledged: %(name)s may need support. "
    "Please check in, or acknowledge the alert if someone already has.",
]
REASON = "The reason given: %(reason)s"
#: Words that stood inside sentences, translated: they become nested messages again.
WORDS = ["post", "thread", "chat message", "member", "the site", "the community", "a member"]
LANGUAGES = ["en", "es", "ru"]
PARAMETER = re.compile(r"%\((\w+)\)s")


def _pattern(template: str) -> str:
    parts = []
    position = 0
    for match in PARAMETER.finditer(template):
        parts.append(re.escape(template[position : match.start()]))
        parts.append(f"(?P<{match.group(1)}>.+?)")
        position = match.end()
    parts.append(re.escape(template[position:]))
    return "".join(parts)


def _catalogue():
    """(language, message id, compiled pattern, words) for every sentence and language."""
    found = []
    for language in LANGUAGES:
        with translation.override(language):
            words = {translation.gettext(w): w for w in WORDS}
            reason = _pattern(translation.gettext(REASON))
            for msgid in SENTENCES:
                base = _pattern(translation.gettext(msgid))
                found.append(
                    (
                        msgid,
                        re.compile(f"{base}(?: {reason})?", re.DOTALL),
                        words,
                    )
                )
    return found


def _as_message(text: str, catalogue):
    for msgid, pattern, words in catalogue:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        values = match.groupdict()
        reason = values.pop("reason", None)
        params = {}
        for name, value in values.items():
            if value in words:
                params[name] = {"notice": [{"msgid": words[value], "params": {}}]}
            else:
                params[name] = value
        message = [{"msgid": msgid, "params": params}]
        if reason is not None:
            message.append({"msgid": REASON, "params": {"reason": reason}})
        return message
    return None


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    catalogue = _catalogue()
    # Every row so far has only its text: the message column was just added, empty.
    for row in Notification.objects.only("pk", "stored_text").iterator():
        message = _as_message(row.stored_text, catalogue)
        if message is not None:
            Notification.objects.filter(pk=row.pk).update(message=message, stored_text="")


def backwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for row in Notification.objects.only("pk", "message").iterator():
        if not row.message:
            continue
        with translation.override("en"):
            text = " ".join(
                translation.gettext(part["msgid"])
                % {
                    key: (value if not isinstance(value, dict) else "")
                    for key, value in part.get("params", {}).items()
                }
                for part in row.message
            )
        Notification.objects.filter(pk=row.pk).update(stored_text=text[:300])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_notification_names_a_member")]

    operations = [
        migrations.RenameField("notification", "text", "stored_text"),
        migrations.AlterField(
            model_name="notification",
            name="stored_text",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="notification",
            name="message",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(forwards, backwards),
    ]
