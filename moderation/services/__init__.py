"""Moderation writes, by sub-domain. Each takes keyword arguments, names the acting user,
checks permission first (``moderation.permissions``) and writes the audit entry itself.
The member affected is told what happened and why in calm words; nothing tells them who
reported them.

* ``reports``: members report content or a member
* ``items``: the queue's items (open, hold, flag, resolve) and telling reviewers
* ``screening``: watched words and pre-moderation, around every store of member text
* ``queue``: dismiss, escalate, approve or reject a held post
* ``decision_undo``: take back a hide, a rejection, a mute or a removal made from the queue
* ``content``: hide, unhide, delete content
* ``members``: warn, mute, remove, suspend
* ``watched_words``: the moderators' list of watched words
* ``preferences``: moderator wellbeing
"""

from .content import content_delete, content_hide, content_unhide
from .decision_undo import UNDOABLE, Undone, queue_decision_undo
from .items import queue_item_flag, queue_item_hold
from .members import (
    MAX_SUSPEND_DAYS,
    member_mute,
    member_remove,
    member_suspend,
    member_warn,
)
from .preferences import moderator_preference_set
from .queue import (
    premoderation_approve,
    premoderation_reject,
    queue_item_dismiss,
    queue_item_escalate,
)
from .reports import REPORTS_PER_HOUR, report_create
from .screening import moderation_after_save, premoderation_required, watched_words_screen
from .watched_words import watched_word_create, watched_word_delete, watched_word_update

__all__ = [
    "MAX_SUSPEND_DAYS",
    "REPORTS_PER_HOUR",
    "UNDOABLE",
    "Undone",
    "content_delete",
    "content_hide",
    "content_unhide",
    "member_mute",
    "member_remove",
    "member_suspend",
    "member_warn",
    "moderation_after_save",
    "moderator_preference_set",
    "premoderation_approve",
    "premoderation_reject",
    "premoderation_required",
    "queue_decision_undo",
    "queue_item_dismiss",
    "queue_item_escalate",
    "queue_item_flag",
    "queue_item_hold",
    "report_create",
    "watched_word_create",
    "watched_word_delete",
    "watched_word_update",
    "watched_words_screen",
]
