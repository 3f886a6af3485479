"""The audit log in words people read: "Sam approved a post by QuietRiver in Rebuilding Trust
Circle." instead of ``premoderation.approve`` and "post 8 by QuietRiver".

The log itself stays as written (append-only, action codes, English labels the site wrote);
this module only reads it. Each action code has one translatable sentence; who it was about
is read back from the label the writer of the entry left (``member <name>``, ``post 8 by
<name> in <group>``, ...). A deleted member's name was already replaced by "former member"
(``moderation.privacy.erase``) and reads as such in every language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .privacy import FORMER_MEMBER

NAME = r"(former member|[\w-]+)"

#: What a content label starts with, and how a sentence names it (with and without author).
NOUNS = {
    "post": (gettext_lazy("a post by %(name)s"), gettext_lazy("a post")),
    "thread": (gettext_lazy("a thread by %(name)s"), gettext_lazy("a thread")),
    "chat message": (gettext_lazy("a chat message by %(name)s"), gettext_lazy("a chat message")),
    "chatmessage": (gettext_lazy("a chat message by %(name)s"), gettext_lazy("a chat message")),
}
CONTENT_LABEL = re.compile(rf"^(post|thread|chat message|chatmessage) \d+(?: by {NAME})?")
MEMBER_LABEL = re.compile(rf"^member {NAME}(?: for (\d+) (min|days))?")
SUBJECT_LABELS = (
    re.compile(rf"^request by {NAME}"),
    re.compile(rf"^one-to-one check-in with {NAME}"),
    re.compile(rf"^safety alert \d+ about {NAME}"),
)
SLOW_MODE_LABEL = re.compile(r": (\d+) seconds$")

#: One sentence per action code. ``%(actor)s`` did it; ``%(thing)s`` is the content
#: ("a post by QuietRiver"), ``%(subject)s`` the member it was about.
SENTENCES = {
    "content.hide": gettext_lazy("%(actor)s hid %(thing)s"),
    "content.unhide": gettext_lazy("%(actor)s made %(thing)s visible again"),
    "content.delete": gettext_lazy("%(actor)s removed %(thing)s for everyone"),
    "premoderation.approve": gettext_lazy("%(actor)s approved %(thing)s"),
    "premoderation.reject": gettext_lazy("%(actor)s did not approve %(thing)s"),
    "premoderation.reconsider": gettext_lazy(
        "%(actor)s took back the refusal of %(thing)s, which waits for approval again"
    ),
    "queue.dismiss": gettext_lazy("%(actor)s dismissed a report about %(thing)s"),
    "queue.escalate": gettext_lazy("%(actor)s passed a report about %(thing)s to the moderators"),
    "queue.reopen": gettext_lazy(
        "%(actor)s undid a decision and put the item about %(thing)s back in the review queue"
    ),
    "chat.remove": gettext_lazy("%(actor)s removed %(thing)s"),
    "member.warn": gettext_lazy("%(actor)s sent a warning to %(subject)s"),
    "member.suspend": gettext_lazy("%(actor)s suspended the account of %(subject)s"),
    "member.remove": gettext_lazy("%(actor)s removed %(subject)s from the group"),
    "member.restore": gettext_lazy("%(actor)s restored %(subject)s to the group"),
    "member.mute": gettext_lazy("%(actor)s muted %(subject)s"),
    "member.unmute": gettext_lazy("%(actor)s lifted the mute of %(subject)s"),
    "membership.approve": gettext_lazy("%(actor)s approved the request to join by %(subject)s"),
    "membership.decline": gettext_lazy("%(actor)s declined the request to join by %(subject)s"),
    "group.create": gettext_lazy("%(actor)s created the group"),
    "group.settings_update": gettext_lazy("%(actor)s changed the group's settings"),
    "group.hours_update": gettext_lazy("%(actor)s changed the facilitator hours"),
    "group.facilitators_set": gettext_lazy("%(actor)s named the group's facilitators"),
    "group.rules_update": gettext_lazy("%(actor)s updated the ground rules"),
    "invite.create": gettext_lazy("%(actor)s created an invitation link"),
    "invite.revoke": gettext_lazy("%(actor)s revoked an invitation link"),
    "thread.pin": gettext_lazy("%(actor)s pinned a thread"),
    "thread.unpin": gettext_lazy("%(actor)s unpinned a thread"),
    "thread.lock": gettext_lazy("%(actor)s locked a thread"),
    "thread.unlock": gettext_lazy("%(actor)s unlocked a thread"),
    "chat.side_room": gettext_lazy("%(actor)s opened a one-to-one check-in with %(subject)s"),
    "chat.slow_mode": gettext_lazy("%(actor)s changed the chat's slow mode"),
    "chat.lock": gettext_lazy("%(actor)s locked the chat"),
    "chat.unlock": gettext_lazy("%(actor)s unlocked the chat"),
    "chat.phase": gettext_lazy("%(actor)s moved a session to its next part"),
    "chat.turn": gettext_lazy("%(actor)s passed the turn in a session"),
    "chat.pause": gettext_lazy("%(actor)s paused a session"),
    "chat.resume": gettext_lazy("%(actor)s resumed a session"),
    "session.create": gettext_lazy("%(actor)s scheduled a session"),
    "session.cancel": gettext_lazy("%(actor)s cancelled a session"),
    "safety.acknowledge": gettext_lazy("%(actor)s acknowledged a safety alert about %(subject)s"),
    "safety.resolve": gettext_lazy("%(actor)s resolved a safety alert about %(subject)s"),
    "safety.escalate": gettext_lazy(
        "%(actor)s passed a safety alert about %(subject)s to every moderator"
    ),
    "separation.request": gettext_lazy("%(actor)s made a safety request"),
    "separation.enforce": gettext_lazy("%(actor)s put a safety request into effect"),
    "separation.decline": gettext_lazy("%(actor)s declined a safety request"),
    "separation.end": gettext_lazy("%(actor)s ended a safety request"),
    "separation.withdraw": gettext_lazy("%(actor)s withdrew a safety request"),
    "watched_word.create": gettext_lazy("%(actor)s added a watched word"),
    "watched_word.update": gettext_lazy("%(actor)s changed a watched word"),
    "watched_word.delete": gettext_lazy("%(actor)s deleted a watched word"),
    "task.retry": gettext_lazy("%(actor)s retried a background task"),
}

#: The audit page's "Action" filter: families of codes, by their prefix.
ACTION_FAMILIES = (
    ("member.", gettext_lazy("Members: warnings, mutes, removals")),
    ("membership.", gettext_lazy("Requests to join")),
    ("content.", gettext_lazy("Posts and messages hidden or removed")),
    ("premoderation.", gettext_lazy("Posts waiting for approval")),
    ("queue.", gettext_lazy("Reports")),
    ("chat.", gettext_lazy("Chat")),
    ("session.", gettext_lazy("Sessions")),
    ("thread.", gettext_lazy("Threads")),
    ("group.", gettext_lazy("Group settings")),
    ("invite.", gettext_lazy("Invitation links")),
    ("safety.", gettext_lazy("Safety alerts")),
    ("separation.", gettext_lazy("Safety requests")),
    ("watched_word.", gettext_lazy("Watched words")),
    ("task.", gettext_lazy("Background tasks")),
)


@dataclass(frozen=True)
class AuditLine:
    sentence: str
    detail: str = ""


def _person(name: str) -> str:
    if not name or name == FORMER_MEMBER:
        return _("former member")
    return name


def _actor(name: str) -> str:
    """The sentence starts with the actor: a translated word takes a capital, a pseudonym is
    written as its owner chose it."""
    if name == "system":
        return _("The site")
    if not name or name == FORMER_MEMBER:
        return capfirst(_("former member"))
    return name


def _thing(label: str) -> str:
    match = CONTENT_LABEL.match(label)
    if match is None:
        member = MEMBER_LABEL.match(label)
        if member is not None:
            return _("the member %(name)s") % {"name": _person(member.group(1))}
        return _("something that no longer exists")
    with_author, without = NOUNS[match.group(1)]
    if match.group(2):
        return str(with_author) % {"name": _person(match.group(2))}
    return str(without)


def _subject(label: str) -> str:
    for pattern in (MEMBER_LABEL, *SUBJECT_LABELS):
        match = pattern.match(label)
        if match is not None:
            return _person(match.group(1))
    return _("a member")


def _detail(action: str, label: str) -> str:
    if action == "member.mute":
        match = MEMBER_LABEL.match(label)
        if match and match.group(2):
            return _("For %(minutes)s minutes.") % {"minutes": match.group(2)}
    if action == "member.suspend":
        match = MEMBER_LABEL.match(label)
        if match and match.group(2):
            return _("For %(days)s days.") % {"days": match.group(2)}
    if action == "chat.slow_mode":
        match = SLOW_MODE_LABEL.search(label)
        if match:
            seconds = int(match.group(1))
            if not seconds:
                return _("Slow mode is off.")
            return _("One message every %(seconds)s seconds.") % {"seconds": seconds}
    return ""


def audit_line(entry) -> AuditLine:
    """One entry as a sentence in the reader's language, and a detail where one helps."""
    label = entry.target_label or ""
    template = SENTENCES.get(entry.action)
    actor = _actor(entry.actor_name)
    if template is None:
        what = _("%(actor)s did something (%(action)s)") % {
            "actor": actor,
            "action": entry.action,
        }
    else:
        what = str(template) % {"actor": actor, "thing": _thing(label), "subject": _subject(label)}
    if entry.group_name:
        sentence = _("%(what)s in %(group)s.") % {"what": what, "group": entry.group_name}
    else:
        sentence = _("%(what)s.") % {"what": what}
    return AuditLine(sentence=sentence, detail=_detail(entry.action, label))
