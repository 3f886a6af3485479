"""``ws /bench/echo/``: a bare Channels consumer that only broadcasts, for ``make bench``.

Same frame shape as the chat (``{"type": "message", "body", "client_id"}`` in, a ``message``
frame out to everyone in the room), same channel layer, no database and no checks: the
reference the chat consumer is measured against.
"""

import itertools

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from community import realtime

ECHO_GROUP = "bench_echo"
CLOSE_NOT_FOUND = realtime.CLOSE_NO_SUCH_ROOM
_ids = itertools.count(1)


class EchoConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        if not settings.BENCH_REFERENCE_VIEWS:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        await self.channel_layer.group_add(ECHO_GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if settings.BENCH_REFERENCE_VIEWS:
            await self.channel_layer.group_discard(ECHO_GROUP, self.channel_name)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or content.get("type") != "message":
            await self.send_json({"type": "error", "code": "invalid", "detail": "Unknown."})
            return
        frame = {
            "type": "message",
            "id": next(_ids),
            "client_id": str(content.get("client_id", ""))[:64],
            "author": "bench",
            "html": str(content.get("body", ""))[:4000],
        }
        await self.channel_layer.group_send(ECHO_GROUP, {"type": "echo.message", "frame": frame})

    async def echo_message(self, event):
        await self.send_json(event["frame"])
