"""Demo chat: each open demo group's room, always open, with a weekly session and a few words
(the English circle, and the Spanish and Russian circles in their own language).

Runs after the groups seeder (``ORDER = 20``), which creates the groups and their members. A
group that is not there gets nothing, and the seeder says so.
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

#: slug: (session title, agenda, weekday (Monday 0), hour UTC, messages)
ROOMS = {
    DEMO_GROUP_SLUG: (
        DEMO_SESSION_TITLE,
        "Arrive, group agreement, check-in, sharing rounds, check-out.",
        3,
        18,
        [
            ("facilitator", "Welcome, everyone. This room is open any time; take your time."),
            ("member", "Thank you. It helps to know others are going through this too."),
            ("member2", "Hello. I'm new here and mostly reading for now, if that's all right."),
            ("facilitator", "Reading is very welcome. Our weekly circle is on Thursdays."),
        ],
    ),
    "circulo-de-confianza": (
        "Círculo semanal",
        "Llegada, acuerdos del grupo, ronda de cómo estamos, turnos para compartir, cierre.",
        2,
        19,
        [
            ("facilitator", "Hola a todas y todos. Esta sala está abierta siempre; sin prisa."),
            ("member", "Gracias. Ayuda saber que otras personas pasan por lo mismo."),
            ("member2", "Hola, soy nueva y por ahora sobre todo leo, si os parece bien."),
            ("facilitator", "Leer es muy bienvenido. Nos vemos los miércoles en el círculo."),
        ],
    ),
    "krug-doveriya": (
        "Еженедельная встреча",
        "Приветствие, договорённости группы, круг «как я сейчас», очередь высказываний, "
        "завершение.",
        0,
        17,
        [
            ("facilitator", "Здравствуйте все. Эта комната открыта всегда; не торопитесь."),
            ("member", "Спасибо. Помогает знать, что другие проходят через то же самое."),
            ("member2", "Здравствуйте, я новенькая и пока в основном читаю, если можно."),
            ("facilitator", "Читать — это очень хорошо. Встречаемся по понедельникам."),
        ],
    ),
}


def _next_weekday_at(now: datetime, weekday: int, hour: int) -> datetime:
    days = (weekday - now.weekday()) % 7 or 7
    return datetime.combine(
        (now + timedelta(days=days)).date(), datetime.min.time(), tzinfo=UTC
    ) + timedelta(hours=hour)


def seed(*, users, stdout) -> None:
    for slug, (title, agenda, weekday, hour, messages) in ROOMS.items():
        group = SupportGroup.objects.filter(slug=slug).first()
        if group is None:
            stdout.write(f"  note: no group '{slug}' yet, so no demo chat was created")
            continue
        _seed_room(
            group, users, title=title, agenda=agenda, weekday=weekday, hour=hour, messages=messages
        )


def _seed_room(group, users, *, title, agenda, weekday, hour, messages) -> None:
    if group.chat_availability != SupportGroup.ChatAvailability.ALWAYS:
        group.chat_availability = SupportGroup.ChatAvailability.ALWAYS
        group.save(update_fields=["chat_availability"])
    room = main_room_for(group)
    if room.locked:
        room.locked = False
        room.save(update_fields=["locked"])
    GroupSession.objects.get_or_create(
        group=group,
        title=title,
        defaults={
            "starts_at": _next_weekday_at(timezone.now(), weekday, hour),
            "duration_minutes": 60,
            "recurrence": GroupSession.Recurrence.WEEKLY,
            "agenda": agenda,
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
    for n, (who, body) in enumerate(messages):
        author = authors.get(who)
        if author is None:
            continue
        access = chat_access_for(user=author, group=group)
        if not access.allowed:
            continue
        message_post(author=author, access=access, room=room, body=body, client_id=f"demo-{n}")
