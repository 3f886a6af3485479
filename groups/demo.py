"""Demo groups, one of each join policy, on the seed articles' topics, with a few threads;
and an open circle in Spanish and one in Russian, written in their own language.

Idempotent: groups are found by slug, and threads are only written into an empty forum.
"""

from django.utils import timezone

from .models import Membership, SupportGroup

ORDER = 20

RULES = (
    "1. What is shared here stays here.\n"
    "2. Speak from your own experience; offer advice only when asked.\n"
    "3. No graphic detail: use a content warning for hard topics.\n"
    "4. Be kind to others and to yourself. Anyone may pass.\n"
    "5. If you are in danger, use 'Get help now' at the top of every page."
)

RULES_ES = (
    "1. Lo que se comparte aquí se queda aquí.\n"
    "2. Habla desde tu propia experiencia; da consejos solo si te los piden.\n"
    "3. Sin detalles explícitos: usa un aviso de contenido para los temas difíciles.\n"
    "4. Sé amable con los demás y contigo. Cualquiera puede pasar su turno.\n"
    "5. Si estás en peligro, usa «Pide ayuda ahora» en la parte superior de cada página."
)

RULES_RU = (
    "1. То, чем здесь делятся, остаётся здесь.\n"
    "2. Говорите о своём опыте; советуйте, только если вас об этом просят.\n"
    "3. Без тяжёлых подробностей: для трудных тем используйте предупреждение о содержании.\n"
    "4. Будьте добры к другим и к себе. Любой может пропустить свою очередь.\n"
    "5. Если вы в опасности, нажмите «Получить помощь сейчас» вверху любой страницы."
)

GROUPS = [
    {
        "slug": "rebuilding-trust-circle",
        "name": "Rebuilding Trust Circle",
        "description": "A small, open circle for anyone rebuilding trust after infidelity, "
        "whether you were betrayed or are working to repair what happened.",
        "join_policy": SupportGroup.JoinPolicy.OPEN,
        "topics": ["rebuilding trust", "trust", "infidelity", "healing"],
        "schedule_summary": "Chat sessions on Tuesdays at 19:00 UTC",
        "allow_anonymous_posts": True,
    },
    {
        "slug": "after-betrayal",
        "name": "After Betrayal",
        "description": "For people in the first months after discovering a betrayal. "
        "A facilitator welcomes each new member.",
        "join_policy": SupportGroup.JoinPolicy.REQUEST,
        "topics": ["betrayal", "infidelity", "healing"],
        "schedule_summary": "Chat sessions on Sundays at 18:00 UTC",
    },
    {
        "slug": "sexual-trust-circle",
        "name": "Sexual Trust Circle",
        "description": "A closed circle for survivors rebuilding sexual trust, by invitation "
        "from a facilitator.",
        "join_policy": SupportGroup.JoinPolicy.INVITE,
        "topics": ["sexual trust", "rebuilding trust", "intimacy"],
        "schedule_summary": "Fortnightly, Thursdays at 20:00 UTC",
        "allow_anonymous_posts": True,
    },
    {
        "slug": "circulo-de-confianza",
        "name": "Círculo de confianza",
        "description": "Un círculo abierto, en español, para quienes reconstruyen la confianza "
        "después de una infidelidad o una traición. Puedes leer antes de escribir.",
        "language": "es",
        "join_policy": SupportGroup.JoinPolicy.OPEN,
        "topics": ["rebuilding trust", "trust", "healing"],
        "schedule_summary": "Sesiones de chat los miércoles a las 19:00 UTC",
        "allow_anonymous_posts": True,
        "ground_rules": RULES_ES,
    },
    {
        "slug": "krug-doveriya",
        "name": "Круг доверия",
        "description": "Открытая группа на русском языке для тех, кто восстанавливает доверие "
        "после измены или предательства. Можно сначала просто читать.",
        "language": "ru",
        "join_policy": SupportGroup.JoinPolicy.OPEN,
        "topics": ["rebuilding trust", "trust", "healing"],
        "schedule_summary": "Чат-встречи по понедельникам в 17:00 UTC",
        "allow_anonymous_posts": True,
        "ground_rules": RULES_RU,
    },
]


def _member(*, group, user, role=Membership.Role.MEMBER) -> None:
    Membership.objects.update_or_create(
        user=user,
        group=group,
        defaults={
            "role": role,
            "state": Membership.State.ACTIVE,
            "rules_version_accepted": group.rules_version,
            "joined_at": timezone.now(),
        },
    )


def seed(*, users, stdout) -> None:
    for spec in GROUPS:
        spec = dict(spec)
        topics = spec.pop("topics")
        spec.setdefault("ground_rules", RULES)
        group, created = SupportGroup.objects.get_or_create(slug=spec.pop("slug"), defaults=spec)
        if created:
            group.topics.set(topics)
        _member(group=group, user=users.facilitator, role=Membership.Role.FACILITATOR)
        if group.join_policy == SupportGroup.JoinPolicy.OPEN:
            for member in users.members:
                _member(group=group, user=member)
    stdout.write(f"  {len(GROUPS)} demo groups ready")
