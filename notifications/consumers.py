"""``ws /ws/notifications/``: a member's live notifications and safety alerts."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .channels import user_group_name

CLOSE_NOT_SIGNED_IN = 4401


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_NOT_SIGNED_IN)
            return
        self.group_name = user_group_name(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive_json(self, content, **kwargs):
        """The stream is server-to-client; anything sent is answered, never acted on."""
        await self.send_json({"type": "error", "code": "invalid", "detail": "Read-only stream."})

    async def notification_push(self, event):
        await self.send_json(event["frame"])

    async def session_close(self, event):
        """Sent when the account signs out everywhere or is deleted or suspended."""
        await self.close(code=event.get("code", 4403))
