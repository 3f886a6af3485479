"""Demo groups, one of each join policy, on the seed articles' topics, with a few threads.

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
        group, created = SupportGroup.objects.get_or_create(
            slug=spec.pop("slug"), defaults={**spec, "ground_rules": RULES}
        )
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
