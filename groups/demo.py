"""Demo groups, one of each join policy, on the seed articles' topics, with a few threads;
and an open circle in Spanish and one in Russian, written in their own language.

Idempotent: groups are found by slug, and threads are only written into an empty forum.
"""

from django.utils import timezone

from .forum_services import post_create, thread_create
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

THREADS = {
    "rebuilding-trust-circle": [
        (
            "facilitator",
            "Welcome: introduce yourself if you like",
            "Welcome to the circle. If you would like to, share a little about where you are "
            "right now. Passing is always fine.",
            [
                ("member0", "Hello. It has been three months. Some days are steadier now."),
                ("member1", "Thank you for this space. Reading the guides helped me find it."),
            ],
        ),
        (
            "member0",
            "Small things that helped this week",
            "Walking after dinner has given us a calm half hour to talk. What has helped you?",
            [("facilitator", "Thank you for sharing this. Routines can carry a lot.")],
        ),
    ],
    "after-betrayal": [
        (
            "facilitator",
            "Ground rules and how this group works",
            "Please read the ground rules. We meet on Sundays; the forum is open all week.",
            [],
        ),
    ],
    "sexual-trust-circle": [
        (
            "facilitator",
            "A gentle start",
            "This is a closed circle. Use a content warning for anything hard to read.",
            [],
        ),
    ],
    "circulo-de-confianza": [
        (
            "facilitator",
            "Bienvenida: preséntate si te apetece",
            "Te damos la bienvenida al círculo. Si quieres, cuéntanos un poco cómo estás ahora. "
            "Pasar siempre está bien.",
            [
                ("member0", "Hola. Han pasado dos meses. Algunos días son más tranquilos."),
                ("member1", "Gracias por este espacio. Leer las guías me ayudó a llegar aquí."),
            ],
        ),
        (
            "member0",
            "Pequeñas cosas que ayudaron esta semana",
            "Caminar después de cenar nos da media hora tranquila para hablar. ¿Qué os ha ayudado?",
            [("facilitator", "Gracias por compartirlo. Las rutinas sostienen mucho.")],
        ),
    ],
    "krug-doveriya": [
        (
            "facilitator",
            "Добро пожаловать: расскажите о себе, если хотите",
            "Добро пожаловать в круг. Если хотите, расскажите немного о том, как вы сейчас. "
            "Пропустить всегда можно.",
            [
                ("member0", "Здравствуйте. Прошло три месяца. Некоторые дни уже спокойнее."),
                ("member1", "Спасибо за это место. Я нашла его благодаря руководствам."),
            ],
        ),
        (
            "member0",
            "Что помогло на этой неделе",
            "Вечерние прогулки дают нам спокойные полчаса, чтобы поговорить. А что помогает вам?",
            [("facilitator", "Спасибо, что поделились. Привычные ритуалы очень поддерживают.")],
        ),
    ],
}


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
    people = {"facilitator": users.facilitator}
    people.update({f"member{i}": user for i, user in enumerate(users.members)})
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
        if group.threads.exists():
            continue
        premoderated = group.premoderated_post_count
        group.premoderated_post_count = 0  # demo posts go up at once
        group.save(update_fields=["premoderated_post_count"])
        for author_key, title, body, replies in THREADS.get(group.slug, []):
            if author_key not in people:
                continue
            thread = thread_create(
                author=people[author_key], group=group, title=title, body=body
            ).post.thread
            for reply_key, reply_body in replies:
                if reply_key in people:
                    post_create(author=people[reply_key], thread=thread, body=reply_body)
        group.premoderated_post_count = premoderated
        group.save(update_fields=["premoderated_post_count"])
    stdout.write(f"  {len(GROUPS)} demo groups ready")
