"""``ws /ws/notifications/``: a member's live notifications, and for facilitators and moderators
the safety-alert banner frames (``safety_alert``, ``safety_alert_closed``: chat/PROTOCOL.md)."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.contrib.auth import get_user_model

from community import realtime
from community.accounts.live import CLOSE_SIGNED_OUT, AccountSocketMixin


class NotificationConsumer(
    AccountSocketMixin, realtime.UserChannelConsumer, AsyncJsonWebsocketConsumer
):
    """Joins the member's one user channel; answers ``user.notification`` and closes on an
    account-wide ``user.close`` (suspension, deletion, signing out everywhere)."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=realtime.CLOSE_NOT_SIGNED_IN)
            return
        self.group_name = realtime.user_group(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.account_groups_join()
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)
        await self.account_groups_leave()

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        """The stream is server-to-client: anything sent is answered, never parsed or acted on
        (so no frame, however long or deeply nested, can make it fail)."""
        await self.send_json({"type": "error", "code": "invalid", "detail": "Read-only stream."})

    async def user_notification(self, event):
        await self.send_json(event["frame"])

    async def access_reload(self):
        """The account changed: a deactivated account's stream ends."""
        if not await database_sync_to_async(self._still_active)():
            await self.close(code=CLOSE_SIGNED_OUT)

    def _still_active(self) -> bool:
        return get_user_model().objects.filter(pk=self.scope["user"].pk, is_active=True).exists()

    async def user_safety_alert(self, event):
        """Sent only to the people allowed to see the alert (``moderation.safety``)."""
        await self.send_json(event["frame"])
