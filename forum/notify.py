"""Who hears about a new post: followers of the thread, and members mentioned by pseudonym.

Notification texts name the group and the author's pseudonym (or "a member"), never the
words a member wrote: notifications show on lock screens and in shared inboxes. The author is
passed as ``actor``, so a member who blocked them hears nothing.
"""

import re

from django.db.models import Q
from django.utils.translation import gettext_noop

from groups.models import Membership, Post, ThreadSubscription
from notifications.models import Notification
from notifications.notices import Notice, notice
from notifications.services import notification_create

MENTION_RE = re.compile(r"(?<![\w@/])@([A-Za-z0-9_-]{3,30})")
MAX_MENTIONS = 10


def mentioned_names(text: str) -> list[str]:
    names = []
    for name in MENTION_RE.findall(text or ""):
        if name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names[:MAX_MENTIONS]


def _author_name(post: Post) -> Notice | str:
    """The pseudonym, or "a member" translated when the notification is read."""
    if post.anonymous or post.author is None:
        return notice(gettext_noop("a member"))
    return post.author.username


def mentioned_members(*, post: Post):
    """Active members of the post's group whose pseudonym the post mentions."""
    names = mentioned_names(post.body)
    if not names:
        return []
    match = Q()
    for name in names:
        match |= Q(user__username__iexact=name)
    return [
        m.user
        for m in Membership.objects.active()
        .filter(group_id=post.thread.group_id)
        .filter(match)
        .select_related("user")
    ]


def notify_new_post(*, post: Post, url: str) -> None:
    group = post.thread.group
    author_name = _author_name(post)
    muted = set(
        ThreadSubscription.objects.filter(
            thread_id=post.thread_id, state=ThreadSubscription.State.MUTED
        ).values_list("user_id", flat=True)
    )
    notified = {post.author_id} | muted
    for user in mentioned_members(post=post):
        if user.pk in notified:
            continue
        notified.add(user.pk)
        notification_create(
            recipient=user,
            kind=Notification.Kind.MENTION,
            text=notice(
                gettext_noop("%(name)s mentioned you in %(group)s."),
                name=author_name,
                group=group.name,
            ),
            url=url,
            group=group,
            actor=post.author,
        )
    if post.is_opening:
        return
    followers = (
        ThreadSubscription.objects.filter(
            thread_id=post.thread_id,
            state=ThreadSubscription.State.FOLLOWING,
            user__memberships__group=group,
            user__memberships__state=Membership.State.ACTIVE,
        )
        .exclude(user_id__in=notified)
        .select_related("user")
    )
    for subscription in followers:
        notification_create(
            recipient=subscription.user,
            kind=Notification.Kind.REPLY,
            text=notice(
                gettext_noop("%(name)s replied in a thread you follow in %(group)s."),
                name=author_name,
                group=group.name,
            ),
            url=url,
            group=group,
            actor=post.author,
        )
