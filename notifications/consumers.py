"""``ws /ws/notifications/``: a member's live notifications, and for facilitators and moderators
the safety-alert banner frames (``safety_alert``, ``safety_alert_closed``: chat/PROTOCOL.md)."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from community import realtime


class NotificationConsumer(realtime.UserChannelConsumer, AsyncJsonWebsocketConsumer):
    """Joins the member's one user channel; answers ``user.notification`` and closes on an
    account-wide ``user.close`` (suspension, deletion, signing out everywhere)."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=realtime.CLOSE_NOT_SIGNED_IN)
            return
        self.group_name = realtime.user_group(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """The stream is server-to-client; anything sent is answered, never acted on."""
        await self.send_json({"type": "error", "code": "invalid", "detail": "Read-only stream."})

    async def user_notification(self, event):
        await self.send_json(event["frame"])

    async def user_safety_alert(self, event):
        """Sent only to the people allowed to see the alert (``moderation.safety``)."""
        await self.send_json(event["frame"])
