"""``manage.py seed_bench``: the data set ``make bench`` measures, and sign-ins for its clients.

Members ``bench_000``… belong to the rooms ``bench-room-00``… (member i to room i % rooms), and
the first ``--chat-members`` also to room 00, the busy room: the chat run's 50 members, the
forum thread of ``--posts`` replies by ``--posters`` members, and the articles. Everything is
rebuilt from scratch on each run (``bench_`` users and ``bench-`` groups are deleted first), so
the figures never depend on what a previous run left behind. It writes a JSON file with one
session key per member so the load generators can sign in without going through the login
form (which is rate limited, as it should be).
"""

import json
from datetime import timedelta
from importlib import import_module
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from bench import dataset
from groups.models import Membership, SupportGroup

USER_PREFIX = "bench_"
GROUP_PREFIX = "bench-room-"


class Command(BaseCommand):
    help = "Rebuild the benchmark data set and write session keys for its members."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=500)
        parser.add_argument("--rooms", type=int, default=20)
        parser.add_argument("--chat-members", type=int, default=50)
        parser.add_argument("--posts", type=int, default=300)
        parser.add_argument("--posters", type=int, default=30)
        parser.add_argument("--articles", type=int, default=3)
        parser.add_argument("--out", type=Path, required=True, help="where to write the JSON")

    def handle(self, *args, **options):
        with transaction.atomic():
            self._reset()
            users = self._seed_users(options["members"])
            rooms = self._seed_rooms(options["rooms"])
            self._seed_memberships(users, rooms, options["chat_members"])
        busy = rooms[0]
        posters = users[: options["posters"]]
        thread_url = dataset.seed_thread(group=busy, authors=posters, posts=options["posts"])
        article_urls = dataset.seed_articles(count=options["articles"])
        sessions = self._seed_sessions(users)
        if connection.vendor == "postgresql":
            # After a bulk load PostgreSQL's advice is ANALYZE: otherwise the planner goes on
            # with the statistics of the empty tables the migrations left (40 members, no
            # messages) until autovacuum catches up, minutes into the measurements, and picks
            # plans no running site would (a room's history read through every member: 13 ms
            # instead of 0.15 ms, measured 2026-12-05).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        result = {
            "members": [user.username for user in users],
            "sessions": sessions,
            "rooms": [room.slug for room in rooms],
            "busy_room": busy.slug,
            "thread_url": thread_url,
            "article_urls": article_urls,
            "directory_url": reverse("groups:directory"),
            "session_cookie": settings.SESSION_COOKIE_NAME,
        }
        options["out"].write_text(json.dumps(result, indent=1))
        self.stdout.write(
            f"seeded {len(users)} members, {len(rooms)} rooms, thread={thread_url}, "
            f"articles={len(article_urls)}"
        )

    def _reset(self):
        User = get_user_model()
        SupportGroup.objects.filter(slug__startswith=GROUP_PREFIX).delete()
        User.objects.filter(username__startswith=USER_PREFIX).delete()
        Session.objects.all().delete()
        dataset.reset_articles()

    def _seed_users(self, count):
        User = get_user_model()
        users = User.objects.bulk_create(
            User(
                username=f"{USER_PREFIX}{index:03d}",
                email=f"{USER_PREFIX}{index:03d}@bench.invalid",
                password="!bench-no-password",  # noqa: S106 - an unusable password
                country="GB",
            )
            for index in range(count)
        )
        users = list(User.objects.filter(username__startswith=USER_PREFIX).order_by("username"))
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users
        )
        return users

    def _seed_rooms(self, count):
        SupportGroup.objects.bulk_create(
            SupportGroup(
                name=f"Bench room {index:02d}",
                slug=f"{GROUP_PREFIX}{index:02d}",
                description="A room for the benchmark: rebuilding trust, one step at a time.",
                ground_rules="Be kind. What is shared here stays here.",
                join_policy=SupportGroup.JoinPolicy.OPEN,
                capacity=1000,
                schedule_summary="Tuesdays, 19:00 UTC",
            )
            for index in range(count)
        )
        return list(SupportGroup.objects.filter(slug__startswith=GROUP_PREFIX).order_by("slug"))

    def _seed_memberships(self, users, rooms, chat_members):
        now = timezone.now() - timedelta(days=30)
        pairs = {(index, index % len(rooms)) for index in range(len(users))}
        pairs |= {(index, 0) for index in range(min(chat_members, len(users)))}
        Membership.objects.bulk_create(
            Membership(
                user=users[user_index],
                group=rooms[room_index],
                state=Membership.State.ACTIVE,
                role=Membership.Role.MEMBER,
                rules_version_accepted=rooms[room_index].rules_version,
                joined_at=now,
            )
            for user_index, room_index in sorted(pairs)
        )

    def _seed_sessions(self, users):
        store_class = import_module(settings.SESSION_ENGINE).SessionStore
        backend = settings.AUTHENTICATION_BACKENDS[0]
        sessions = {}
        for user in users:
            store = store_class()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = backend
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            sessions[user.username] = store.session_key
        return sessions
