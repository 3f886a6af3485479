"""The one intake for member text: every surface that stores words a member wrote goes through
it (:func:`member_text_intake`, or its split below), which runs the screening pipeline in one
order:

1. **watched words**: a "block" rule refuses the text before anything is stored; a "hold"
   rule holds it for approval (a surface that cannot wait, the chat, refuses it instead);
2. **store**: the surface's own write, passed in as ``store``, told whether to hold it;
3. **crisis alert**: the crisis detector reads each stored text (with the writer's recent
   messages nearby as ``context``); on a hit the responders are alerted (one alert per member
   and place, ``ScreenedText.place``) and the author sees the resources panel. The words are
   posted either way;
4. **queue**: a held text waits in its group's review queue (a crisis on top, tagged), a
   flagged one gets an item.

:func:`member_text_intake` runs the four steps in one call and one transaction (the forum).
A surface whose store must stay one database round trip (the chat: docs/bench.md, "Where a
message's time goes") runs the same steps in four calls: :func:`member_text_screen` before
the store (step 1), its own store (which also reads the writer's context), then
:func:`member_text_read` (the detector's reading, so the author is shown the resources with
the acknowledgement), and :func:`member_text_follow_up` after the store commits (the alert
and step 4; ``Screening.needs_follow_up`` says whether there is anything to do, so the hot
path costs no query here at all). Both orders run the same functions below.

``SURFACES`` names every surface and the fields it stores; ``UNSCREENED_MEMBER_TEXT`` names
member text stored without this pipeline, each with its reason. A test compares both with
the models, so a new field of member text cannot skip the intake unnoticed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community import crisis_screen
from community.crisis_screen import Context

from .safety import crisis_alert_for, crisis_check_and_alert
from .services.screening import (
    moderation_after_save,
    premoderation_required,
    watched_words_screen,
)
from .watched import Verdict


@dataclass(frozen=True)
class Surface:
    name: str
    fields: tuple[str, ...]  # "app_label.Model.field" that this surface writes
    can_wait_for_approval: bool  # False: a "hold" word refuses the text (the chat)
    premoderated: bool  # new contributions wait while the group pre-moderates the author


SURFACES: dict[str, Surface] = {
    s.name: s
    for s in (
        Surface("thread", ("groups.Thread.title", "groups.Post.body"), True, True),
        Surface("post", ("groups.Post.body",), True, True),
        Surface("post_edit", ("groups.Post.body",), True, False),
        Surface("chat_message", ("chat.ChatMessage.body",), False, False),
        Surface("chat_edit", ("chat.ChatMessage.body",), False, False),
    )
}

UNSCREENED_MEMBER_TEXT: dict[str, str] = {
    "moderation.Report.note": (
        "A report tells the moderators about someone else's words and often quotes them: "
        "watched words would refuse the very words reported, and a crisis alert would name "
        "the reporter. Only facilitators and moderators read it."
    ),
    "groups.Membership.request_message": (
        "A note to the group's facilitators with a join request; they read and answer every "
        "one, and nobody else sees it."
    ),
    "groups.PostRevision.body": "An earlier text of a post, screened when it was written.",
    "groups.SupportGroup.description": "Written by moderators and facilitators (audited).",
    "groups.SupportGroup.ground_rules": "Written by moderators and facilitators (audited).",
    "groups.SupportGroup.schedule_summary": "Written by moderators and facilitators.",
    "groups.SupportGroup.name": "Written by moderators when they open a group (audited).",
    "chat.GroupSession.title": "Written by the group's facilitators (audited).",
    "chat.GroupSession.agenda": "Written by the group's facilitators (audited).",
    "moderation.AuditEntry.reason": "A facilitator's or moderator's reason for a decision.",
    "moderation.WatchedWord.text": "The moderators' own list of watched words.",
    "moderation.WatchedWord.note": "The moderators' own note on a watched word.",
    "accounts.KeepApart.other_name": "A pseudonym typed into the member's own private list.",
    "accounts.SeparationRequest.other_name": "A pseudonym in a safety request to moderators.",
    "accounts.SeparationRequest.note": (
        "A safety request read by moderators alone; it may describe someone else's words."
    ),
}


@dataclass(frozen=True)
class ScreenedText:
    """One stored text for the crisis check: the words, and where they now live."""

    text: str
    source: str  # SafetyAlert.Source
    source_id: str
    url: str
    place: str = ""  # ``safety.safety_place``: where one open alert gathers the member's words


@dataclass(frozen=True)
class Stored:
    """What ``store`` reports back.

    ``created`` False means a retry found the first copy: nothing more runs. ``held`` is
    what the review queue should hold (an edit of a post already waiting holds nothing
    new); ``texts`` are read by the crisis check in order, and one alert at most is raised
    (when a thread's title already raised one, its opening post would only repeat it).
    """

    target: Any
    created: bool = True
    held: bool = False
    texts: tuple[ScreenedText, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Intake:
    target: Any
    created: bool
    held: bool
    crisis: bool


def _cannot_wait() -> str:
    return _(
        "This message needs a facilitator's approval before others see it, and chat "
        "messages cannot wait for one. You could post it in the group's forum instead."
    )


@dataclass(frozen=True)
class Screening:
    """Step 1's answer, decided before anything is stored (and nothing written to decide it).

    ``held``: what ``store`` is told. ``assessment``: the detector's reading of the text when
    the surface had it read right after its store (:func:`member_text_read`), else None and
    step 3 reads each stored text itself.
    """

    surface: Surface
    author: Any
    group: Any
    verdict: Verdict
    held: bool
    lang: str | None
    context: tuple[str, ...]
    assessment: Any = None

    @property
    def crisis(self) -> bool:
        """Already read (``member_text_read``) as a crisis: the author is shown the resources
        now."""
        return bool(self.assessment is not None and self.assessment.is_crisis)

    @property
    def needs_follow_up(self) -> bool:
        """Whether steps 3 and 4 have anything to do once the text is stored. Without a
        reading ahead they always do (the detector has not read the text yet)."""
        if self.assessment is None:
            return True
        return self.held or self.verdict.flagged or self.crisis


def member_text_screen(
    *,
    surface: str,
    author,
    group,
    text: str,
    context: Context = (),
    lang: str | None = None,
) -> Screening:
    """Step 1, before anything is stored: watched words and pre-moderation.

    Raises ``ValidationError`` (``code="blocked"`` or ``"needs_approval"``). Costs no query
    for a surface that is not pre-moderated, unless the detector reads ``context`` (then the
    context is read once, here, before the text is stored).
    """
    spec = SURFACES[surface]
    # The context is what came before this text: read before it is stored, and only when the
    # detector reads context at all (it costs a query).
    if crisis_screen.READS_CONTEXT:
        context = tuple(context() if callable(context) else context)
    else:
        context = ()
    verdict = watched_words_screen(text=text)
    if verdict.held and not spec.can_wait_for_approval:
        raise ValidationError(_cannot_wait(), code="needs_approval")
    held = verdict.held or (
        spec.premoderated and premoderation_required(author=author, group=group)
    )
    return Screening(
        surface=spec,
        author=author,
        group=group,
        verdict=verdict,
        held=held,
        lang=lang,
        context=context,
    )


def member_text_read(*, screening: Screening, text: str, context: Context) -> Screening:
    """Step 3's reading, for a surface whose store reads the writer's recent messages in its
    own statement (the chat: one round trip for both): the detector reads ``text`` with that
    ``context`` now, before the author is answered, so the author is shown the resources with
    the acknowledgement and :func:`member_text_follow_up` does not read it again."""
    context = tuple(context) if crisis_screen.READS_CONTEXT else ()
    assessment = crisis_screen.crisis_assess(text, lang=screening.lang, context=context)
    return replace(screening, context=context, assessment=assessment)


def member_text_follow_up(*, screening: Screening, stored: Stored) -> bool:
    """Steps 3 and 4 for a stored text: the crisis alert (one at most), then the review
    queue, which puts a held text that reads as a crisis on top. Returns whether the text
    read as a crisis.

    :func:`member_text_intake` runs this inside the store's transaction; a surface that read
    ahead runs it after its store commits (the chat, after the acknowledgement), so the
    detector is not run twice and the stored text is posted whatever happens here.
    """
    with transaction.atomic(savepoint=False):
        crisis = False
        if screening.assessment is not None:
            # Already read (member_text_read): the detector's reading, for the first place the
            # text is stored.
            if stored.texts:
                first = stored.texts[0]
                crisis = (
                    crisis_alert_for(
                        assessment=screening.assessment,
                        author=screening.author,
                        group=screening.group,
                        source=first.source,
                        source_id=first.source_id,
                        source_url=first.url,
                        place=first.place,
                    )
                    is not None
                )
        else:
            for screened in stored.texts:
                crisis = crisis_check_and_alert(
                    author=screening.author,
                    text=screened.text,
                    group=screening.group,
                    source=screened.source,
                    source_id=screened.source_id,
                    source_url=screened.url,
                    lang=screening.lang,
                    context=screening.context,
                    place=screened.place,
                )
                if crisis:
                    break
        # A held text that reads as a crisis goes to the top of every queue with a safety tag
        # (an edit that makes a waiting post read as a crisis moves it up too).
        waiting = bool(getattr(stored.target, "held_for_review", False))
        moderation_after_save(
            target=stored.target,
            held=stored.held or (crisis and waiting),
            verdict=screening.verdict,
            crisis=crisis,
        )
    return crisis


def member_text_intake(
    *,
    surface: str,
    author,
    group,
    text: str,
    store: Callable[[bool], Stored],
    context: Context = (),
    lang: str | None = None,
) -> Intake:
    """Screen, store, queue and check ``text`` (all of it a member wrote on ``surface``).

    The caller checks permission and validates the input first; ``store(held)`` writes and
    says what it stored. Runs in one transaction: the queue item and the alert exist only if
    the text does. Raises ``ValidationError`` (``code="blocked"`` or ``"needs_approval"``)
    before anything is stored.
    """
    screening = member_text_screen(
        surface=surface, author=author, group=group, text=text, context=context, lang=lang
    )
    # One transaction with the caller's, if any: no savepoint per message.
    with transaction.atomic(savepoint=False):
        stored = store(screening.held)
        if not stored.created:
            return Intake(target=stored.target, created=False, held=screening.held, crisis=False)
        crisis = member_text_follow_up(screening=screening, stored=stored)
    return Intake(target=stored.target, created=True, held=screening.held, crisis=crisis)
