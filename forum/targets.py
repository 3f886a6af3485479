"""How the moderation app acts on forum posts and threads (``moderation.targets``)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from moderation.targets import HideableKind

from .services import post_published


class PostKind(HideableKind):
    """A forum post. Hiding, removing or approving an opening post does the same to its thread."""

    def queryset(self):
        return self.model()._default_manager.select_related("thread__group", "author")

    def group_of(self, obj):
        return obj.thread.group

    def html_of(self, obj) -> str:
        return obj.body_html

    def content_warning_of(self, obj) -> str:
        return obj.get_content_warning_display() if obj.content_warning else ""

    def url_of(self, obj) -> str:
        return reverse("groups:post", args=[obj.thread.group.slug, obj.thread_id, obj.pk])

    def is_visible(self, obj) -> bool:
        return obj.removed_at is None and obj.thread.removed_at is None

    def _thread_too(self, obj, **fields) -> None:
        if obj.is_opening:
            type(obj.thread)._default_manager.filter(pk=obj.thread_id).update(**fields)

    def hide(self, obj, *, actor) -> None:
        super().hide(obj, actor=actor)
        self._thread_too(obj, hidden_at=obj.hidden_at, hidden_by=actor)

    def unhide(self, obj, *, actor) -> None:
        super().unhide(obj, actor=actor)
        self._thread_too(obj, hidden_at=None, hidden_by=None)

    def delete(self, obj, *, actor) -> None:
        super().delete(obj, actor=actor)
        self._thread_too(obj, removed_at=obj.removed_at)

    def restore(self, obj, *, actor) -> None:
        super().restore(obj, actor=actor)
        self._thread_too(obj, removed_at=None)

    def approve(self, obj, *, actor) -> None:
        super().approve(obj, actor=actor)
        self._thread_too(obj, held_for_review=False)
        post_published(post=obj)


class ThreadKind(HideableKind):
    """A thread, acted on with its opening post (the title is shown escaped, it is plain text)."""

    def queryset(self):
        return self.model()._default_manager.select_related("group", "author")

    def group_of(self, obj):
        return obj.group

    def html_of(self, obj) -> str:
        return format_html("<p><strong>{}</strong></p>", obj.title)

    def content_warning_of(self, obj) -> str:
        return obj.get_content_warning_display() if obj.content_warning else ""

    def url_of(self, obj) -> str:
        return obj.get_absolute_url()

    def _opening(self, obj):
        return obj.posts.filter(is_opening=True).first()

    def hide(self, obj, *, actor) -> None:
        super().hide(obj, actor=actor)
        obj.posts.filter(is_opening=True).update(hidden_at=obj.hidden_at, hidden_by=actor)

    def unhide(self, obj, *, actor) -> None:
        super().unhide(obj, actor=actor)
        obj.posts.filter(is_opening=True).update(hidden_at=None, hidden_by=None)

    def delete(self, obj, *, actor) -> None:
        super().delete(obj, actor=actor)
        obj.posts.filter(is_opening=True).update(removed_at=obj.removed_at)

    def restore(self, obj, *, actor) -> None:
        super().restore(obj, actor=actor)
        obj.posts.filter(is_opening=True).update(removed_at=None)

    def approve(self, obj, *, actor) -> None:
        opening = self._opening(obj)
        if opening is not None:
            POST.approve(opening, actor=actor)
        else:
            super().approve(obj, actor=actor)


POST = PostKind(label="groups.post", noun=_("post"))
THREAD = ThreadKind(label="groups.thread", noun=_("thread"))
KINDS = (POST, THREAD)
