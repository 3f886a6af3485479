"""Demo threads in the demo groups (``groups.demo`` makes the groups first)."""

from groups.models import SupportGroup

from .services import post_create, thread_create

ORDER = 21

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


def seed(*, users, stdout) -> None:
    people = {"facilitator": users.facilitator}
    people.update({f"member{i}": user for i, user in enumerate(users.members)})
    for group in SupportGroup.objects.filter(slug__in=THREADS):
        if group.threads.exists():
            continue
        premoderated = group.premoderated_post_count
        group.premoderated_post_count = 0  # demo posts go up at once
        group.save(update_fields=["premoderated_post_count"])
        for author_key, title, body, replies in THREADS[group.slug]:
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
    stdout.write("  demo threads ready")
