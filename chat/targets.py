"""How the moderation app acts on chat messages (``moderation.targets``)."""

from django.utils.translation import gettext_lazy as _

from moderation.targets import TargetKind, small_int

from .selectors import message_for_reader_or_404
from .services import message_erase


class ChatMessageKind(TargetKind):
    """A chat message: removed for everyone (its words erased), never hidden or held."""

    def queryset(self):
        return self.model()._default_manager.select_related("room__group", "author")

    def group_of(self, obj):
        return obj.room.group

    def author_of(self, obj):
        return obj.author

    def html_of(self, obj) -> str:
        return obj.html

    def url_of(self, obj) -> str:
        return f"/groups/{obj.room.group.slug}/chat/#m-{obj.seq}"

    def describe(self, obj) -> str:
        return f"chat message {obj.seq} by {obj.author.username} in {obj.room.group.name}"[:200]

    def is_visible(self, obj) -> bool:
        return obj.removed_at is None

    def visible_to(self, obj, user) -> bool:
        room = obj.room
        if getattr(room, "is_side", False):
            return user.pk in (room.side_member_id, room.side_facilitator_id)
        return True

    def is_removed(self, obj) -> bool:
        return obj.removed_at is not None

    def find_reported(self, *, user, reference: str, params):
        """``id`` is the frame's per-room ``seq``; ``group`` the slug; ``room`` a side room's
        token (none: the main room). The chat's reading rule answers 404 (PROTOCOL.md)."""
        seq, slug = small_int(reference), params.get("group") or ""
        if seq is None or not slug:
            return None
        return message_for_reader_or_404(
            user=user, slug=slug, seq=seq, token=params.get("room") or ""
        )

    def reference_of(self, obj):
        return obj.seq

    def report_params_of(self, obj) -> dict[str, str]:
        return {"room": obj.room.token} if obj.room.is_side else {}

    def delete(self, obj, *, actor) -> None:
        message_erase(message=obj)


KINDS = (ChatMessageKind(label="chat.chatmessage", noun=_("chat message"), can_hide=False),)
