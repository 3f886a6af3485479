"""Demo chat: the open demo group's room, always open, with a weekly session and a few words.

Runs after the groups seeder (``ORDER = 20``), which creates the group and its members. If the
group is not there, this seeder creates nothing and says so.
"""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from groups.models import SupportGroup

from .models import ChatMessage, GroupSession
from .selectors import chat_access_for, main_room_for
from .services import message_post

ORDER = 30
DEMO_GROUP_SLUG = "rebuilding-trust-circle"
DEMO_SESSION_TITLE = "Weekly check-in circle"
DEMO_MESSAGES = [
    ("facilitator", "Welcome, everyone. This room is open any time; take your time."),
    ("member", "Thank you. It helps to know others are going through this too."),
    ("member2", "Hello. I'm new here and mostly reading for now, if that's all right."),
    ("facilitator", "Reading is very welcome. Our weekly circle is on Thursdays."),
]


def _next_thursday_evening(now: datetime) -> datetime:
    days = (3 - now.weekday()) % 7 or 7
    return datetime.combine(
        (now + timedelta(days=days)).date(), datetime.min.time(), tzinfo=UTC
    ) + timedelta(hours=18)


def seed(*, users, stdout) -> None:
    group = SupportGroup.objects.filter(slug=DEMO_GROUP_SLUG).first()
    if group is None:
        stdout.write(f"  note: no group '{DEMO_GROUP_SLUG}' yet, so no demo chat was created")
        return
    if group.chat_availability != SupportGroup.ChatAvailability.ALWAYS:
        group.chat_availability = SupportGroup.ChatAvailability.ALWAYS
        group.save(update_fields=["chat_availability"])
    room = main_room_for(group)
    if room.locked:
        room.locked = False
        room.save(update_fields=["locked"])
    GroupSession.objects.get_or_create(
        group=group,
        title=DEMO_SESSION_TITLE,
        defaults={
            "starts_at": _next_thursday_evening(timezone.now()),
            "duration_minutes": 60,
            "recurrence": GroupSession.Recurrence.WEEKLY,
            "agenda": "Arrive, group agreement, check-in, sharing rounds, check-out.",
            "created_by": users.facilitator,
        },
    )
    if ChatMessage.objects.filter(room=room).exists():
        return
    authors = {
        "facilitator": users.facilitator,
        "member": users.members[0] if users.members else None,
        "member2": users.members[1] if len(users.members) > 1 else None,
    }
    for n, (who, body) in enumerate(DEMO_MESSAGES):
        author = authors.get(who)
        if author is None:
            continue
        access = chat_access_for(user=author, group=group)
        if not access.allowed:
            continue
        message_post(author=author, access=access, room=room, body=body, client_id=f"demo-{n}")
