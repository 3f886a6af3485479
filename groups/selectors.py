"""Permission-aware reads: the access rule lives inside the lookup.

Everything about a group's content starts from :func:`groups_visible_to`, so a view cannot
forget the rule: a thread, post or member list that the viewer may not see does not exist.
"""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from taggit.models import Tag

from community.accounts.selectors import not_kept_apart_q

from .models import (
    GroupInvite,
    Membership,
    Post,
    PostRevision,
    Reaction,
    SupportGroup,
    Thread,
    ThreadReadMarker,
    ThreadSubscription,
)
from .permissions import can_facilitate, is_moderator

SEAT_HOLDING_STATES = (Membership.State.ACTIVE, Membership.State.OFFERED)


def membership_for(*, user, group: SupportGroup) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, group=group).select_related("group").first()


def groups_with_seats():
    return SupportGroup.objects.annotate(
        active_count=Count(
            "memberships", filter=Q(memberships__state=Membership.State.ACTIVE), distinct=True
        ),
        offered_count=Count(
            "memberships", filter=Q(memberships__state=Membership.State.OFFERED), distinct=True
        ),
    )


def groups_for_directory(*, topic: str | None = None, language: str | None = None):
    groups = groups_with_seats().filter(listed=True).prefetch_related("topics")
    if topic:
        groups = groups.filter(topics__slug=topic)
    if language:
        groups = groups.filter(language=language)
    return groups.order_by("name")


def directory_topics():
    """The topic tags that listed groups use, for the directory's filter."""
    return (
        Tag.objects.filter(groups_grouptopic_items__content_object__listed=True)
        .distinct()
        .order_by("name")
    )


def group_public_or_404(*, slug: str) -> SupportGroup:
    """The about page: listed groups for everyone; unlisted ones only reached by a link."""
    group = groups_with_seats().filter(slug=slug).first()
    if group is None:
        raise Http404
    return group


def groups_visible_to(user):
    """Groups whose content ``user`` may read: their active groups, or all for moderators."""
    if is_moderator(user):
        return SupportGroup.objects.all()
    if not getattr(user, "is_authenticated", False):
        return SupportGroup.objects.none()
    return SupportGroup.objects.filter(
        memberships__user=user, memberships__state=Membership.State.ACTIVE
    )


def group_content_or_404(*, user, slug: str) -> tuple[SupportGroup, Membership | None]:
    """A group whose content ``user`` may read, with their membership; 404 otherwise.

    Members (nearly every request) cost one query: their membership with its group. Only
    someone without an active seat is asked whether they moderate.
    """
    if not getattr(user, "is_authenticated", False):
        raise Http404
    membership = (
        Membership.objects.filter(user=user, group__slug=slug).select_related("group").first()
    )
    if membership is not None and membership.is_active:
        return membership.group, membership
    if not is_moderator(user):
        raise Http404
    group = membership.group if membership else SupportGroup.objects.filter(slug=slug).first()
    if group is None:
        raise Http404
    return group, membership


def groups_facilitated_by(user):
    if is_moderator(user):
        return SupportGroup.objects.all()
    return SupportGroup.objects.filter(
        memberships__user=user,
        memberships__state=Membership.State.ACTIVE,
        memberships__role=Membership.Role.FACILITATOR,
    )


def active_member_count(group: SupportGroup) -> int:
    return Membership.objects.filter(group=group, state=Membership.State.ACTIVE).count()


def seats_taken(group: SupportGroup) -> int:
    """Active members plus seats held for someone on the waitlist who was offered one."""
    return Membership.objects.filter(group=group, state__in=SEAT_HOLDING_STATES).count()


def seats_left(group: SupportGroup) -> int:
    active = getattr(group, "active_count", None)
    offered = getattr(group, "offered_count", None)
    taken = seats_taken(group) if active is None or offered is None else active + offered
    return max(group.capacity - taken, 0)


def members_of(*, group: SupportGroup, access):
    """Active members of ``group``, facilitators first, as the viewer's access to it
    (``groups.access.GroupAccess``) allows: nobody for someone who may not read the group.

    Two people with a keep-apart entry between them do not see each other in its member list
    (as in its chat presence and forum); the group's facilitators see everyone.
    """
    if access.group_id != group.pk or not access.can_view:
        return Membership.objects.none()
    members = (
        Membership.objects.filter(group=group)
        .active()
        .select_related("user")
        .order_by("-role", "user__username")
    )
    if not access.can_facilitate and access.kept_apart_ids:
        members = members.exclude(user_id__in=access.kept_apart_ids)
    return members


def pending_for_console(*, group: SupportGroup, state: str):
    """Requests or the waitlist of a group; the caller has checked it may facilitate."""
    order = ["waitlisted_at", "created_at", "pk"] if state != "requested" else ["created_at"]
    return (
        Membership.objects.filter(group=group, state=state).select_related("user").order_by(*order)
    )


def invites_for_console(*, group: SupportGroup):
    return GroupInvite.objects.filter(group=group, revoked_at__isnull=True).select_related(
        "created_by"
    )


def invite_or_404(*, slug: str, token: str) -> GroupInvite:
    invite = (
        GroupInvite.objects.filter(group__slug=slug, token=token).select_related("group").first()
    )
    if invite is None:
        raise Http404
    return invite


# --- the forum ----------------------------------------------------------------------------


def _visible_filter(*, user, facilitating: bool, prefix: str = "") -> Q:
    """Hidden and held content is for facilitators; a held post is also shown to its author.

    Two people with a keep-apart entry between them do not see each other's threads and
    posts (facilitators see everything).
    """
    if facilitating:
        return Q()
    own = Q(**{f"{prefix}author": user}) if getattr(user, "is_authenticated", False) else Q()
    published = Q(**{f"{prefix}hidden_at__isnull": True, f"{prefix}held_for_review": False})
    if own:
        published = published | (
            Q(**{f"{prefix}hidden_at__isnull": True, f"{prefix}held_for_review": True}) & own
        )
    return published & not_kept_apart_q(user, f"{prefix}author_id")


def _threads_seen_by(*, user, group: SupportGroup, facilitating: bool):
    """The threads of ``group`` the viewer sees, with their read marker (no access check)."""
    threads = Thread.objects.filter(group=group).filter(
        _visible_filter(user=user, facilitating=facilitating)
    )
    if not facilitating:
        threads = threads.filter(removed_at__isnull=True)
    if getattr(user, "is_authenticated", False):
        markers = ThreadReadMarker.objects.filter(thread=OuterRef("pk"), user=user)
        threads = threads.annotate(
            last_read_post_id=Subquery(markers.values("last_read_post_id")[:1])
        )
    return threads


def threads_for(*, user, group: SupportGroup, membership: Membership | None = None):
    """The threads of ``group`` that ``user`` may see, newest activity first, with unread."""
    facilitating = can_facilitate(user, membership)
    threads = (
        _threads_seen_by(user=user, group=group, facilitating=facilitating)
        .filter(group__in=groups_visible_to(user))
        .select_related("author", "group")
        .annotate(
            reply_count=Count(
                "posts",
                filter=Q(
                    posts__is_opening=False,
                    posts__hidden_at__isnull=True,
                    posts__held_for_review=False,
                    posts__removed_at__isnull=True,
                ),
            )
        )
    )
    return threads.order_by("-pinned", "-last_post_at", "-id")


def thread_or_404(*, user, group_slug: str, thread_id: int) -> Thread:
    """A thread the viewer may see, with ``viewer_membership`` and ``viewer_can_facilitate``.

    One query after the group's: the viewer's read marker and follow state come with it
    (the thread page's query budget does not depend on anything but the page).
    """
    group, membership = group_content_or_404(user=user, slug=group_slug)
    facilitating = can_facilitate(user, membership)
    threads = _threads_seen_by(user=user, group=group, facilitating=facilitating).select_related(
        "author"
    )
    if getattr(user, "is_authenticated", False):
        follow = ThreadSubscription.objects.filter(thread=OuterRef("pk"), user=user)
        threads = threads.annotate(viewer_subscription=Subquery(follow.values("state")[:1]))
    thread = threads.filter(pk=thread_id).first()
    if thread is None:
        raise Http404
    thread.group = group
    thread.viewer_membership = membership
    thread.viewer_can_facilitate = facilitating
    return thread


def posts_for(*, user, thread: Thread):
    """Posts of a thread found by :func:`thread_or_404`, with reactions and edit counts.

    The edit count is a subquery rather than a join, so counting the posts for pagination
    needs no GROUP BY over every post of the thread.
    """
    facilitating = getattr(thread, "viewer_can_facilitate", None)
    if facilitating is None:
        raise ValueError("posts_for needs a thread from thread_or_404")
    revisions = (
        PostRevision.objects.filter(post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Post.objects.filter(thread=thread)
        .filter(_visible_filter(user=user, facilitating=facilitating))
        .select_related("author")
        .prefetch_related(
            Prefetch("reactions", queryset=Reaction.objects.only("post", "user", "kind"))
        )
        .annotate(
            revision_count=Coalesce(Subquery(revisions), 0),
            # The "Facilitator" badge: members know who holds the group (the members list
            # says so too), and a subquery keeps the page's query count flat.
            author_facilitates=Exists(
                Membership.objects.filter(
                    group_id=thread.group_id,
                    user_id=OuterRef("author_id"),
                    role=Membership.Role.FACILITATOR,
                    state=Membership.State.ACTIVE,
                )
            ),
        )
        .order_by("created_at", "id")
    )


def post_or_404(*, user, thread: Thread, post_id: int) -> Post:
    post = posts_for(user=user, thread=thread).filter(pk=post_id).first()
    if post is None:
        raise Http404
    post.thread = thread
    return post


def post_position(*, user, post: Post) -> int:
    """How many posts the viewer sees before ``post`` in its thread (for its page number)."""
    return (
        posts_for(user=user, thread=post.thread)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lt=post.id))
        .count()
    )


def read_marker_for(*, user, thread: Thread) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    if hasattr(thread, "last_read_post_id"):  # annotated by threads_for
        return thread.last_read_post_id or 0
    return (
        ThreadReadMarker.objects.filter(user=user, thread=thread)
        .values_list("last_read_post_id", flat=True)
        .first()
        or 0
    )


def subscription_state(*, user, thread: Thread) -> str | None:
    if hasattr(thread, "viewer_subscription"):  # annotated by thread_or_404
        return thread.viewer_subscription
    return (
        ThreadSubscription.objects.filter(user=user, thread=thread)
        .values_list("state", flat=True)
        .first()
    )


def search_posts(*, user, query: str, group: SupportGroup | None = None):
    """Published posts whose text or thread title matches, only in groups the viewer reads."""
    visible = groups_visible_to(user)
    if group is not None:
        visible = visible.filter(pk=group.pk)
    published = dict(hidden_at__isnull=True, held_for_review=False, removed_at__isnull=True)
    return (
        Post.objects.filter(thread__group__in=visible, **published)
        .filter(
            thread__hidden_at__isnull=True,
            thread__held_for_review=False,
            thread__removed_at__isnull=True,
        )
        .filter(Q(body__icontains=query) | Q(is_opening=True, thread__title__icontains=query))
        .filter(not_kept_apart_q(user, "author_id"))
        .filter(not_kept_apart_q(user, "thread__author_id"))
        .select_related("thread", "thread__group")
        .order_by("-created_at", "-id")
    )


def offer_is_open(membership: Membership | None) -> bool:
    return bool(
        membership
        and membership.state == Membership.State.OFFERED
        and (membership.offer_expires_at is None or membership.offer_expires_at > timezone.now())
    )


def has_reacted(post: Post, user, kind: str) -> bool:
    return any(r.user_id == user.pk and r.kind == kind for r in post.reactions.all())


RECENT_CONTEXT_MINUTES = 10
RECENT_CONTEXT_LIMIT = 3


def recent_post_texts(*, author, thread: Thread, exclude_pk: int | None = None) -> list[str]:
    """The author's last few posts in ``thread`` from the last few minutes, oldest first: the
    context a crisis detector may read a new post in (never shown to anyone)."""
    since = timezone.now() - timedelta(minutes=RECENT_CONTEXT_MINUTES)
    bodies = (
        Post.objects.filter(
            thread=thread, author=author, created_at__gte=since, removed_at__isnull=True
        )
        .exclude(pk=exclude_pk)
        .order_by("-created_at")
        .values_list("body", flat=True)[:RECENT_CONTEXT_LIMIT]
    )
    return list(reversed(bodies))
