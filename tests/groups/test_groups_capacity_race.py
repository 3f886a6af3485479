"""Concurrent joins never put more people in a group than its capacity.

Each thread is a separate browser with its own database connection, all released at once by
a barrier. The seat count is slowed down between counting and saving, so without the row lock
on the group the joins would overlap and overfill it: the test fails if the lock is removed.
"""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

import groups.services as group_services
from groups.models import Membership
from tests.factories import SupportGroupFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the race needs real row locks and parallel connections (PostgreSQL pass)",
    ),
]

CAPACITY = 3
PEOPLE = 10


def test_parallel_joins_never_exceed_capacity(monkeypatch):
    group = SupportGroupFactory(capacity=CAPACITY)
    people = UserFactory.create_batch(PEOPLE)
    barrier = threading.Barrier(PEOPLE)
    inside = {"now": 0, "most": 0}
    lock = threading.Lock()
    real_count = group_services.seats_taken

    def slow_count(group):
        with lock:
            inside["now"] += 1
            inside["most"] = max(inside["most"], inside["now"])
        try:
            taken = real_count(group)
            time.sleep(0.05)  # widen the window between counting and taking a seat
            return taken
        finally:
            with lock:
                inside["now"] -= 1

    monkeypatch.setattr(group_services, "seats_taken", slow_count)
    statuses = []

    def join(person):
        try:
            browser = Client()
            browser.force_login(person)
            barrier.wait(timeout=30)
            response = browser.post(
                reverse("groups:join", args=[group.slug]), {"accept_rules": "on"}
            )
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=join, args=(p,)) for p in people]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    elapsed = time.monotonic() - started

    states = list(Membership.objects.filter(group=group).values_list("state", flat=True))
    assert statuses == [302] * PEOPLE
    assert states.count(Membership.State.ACTIVE) == CAPACITY
    assert states.count(Membership.State.WAITLISTED) == PEOPLE - CAPACITY
    # The joins were serialised by the lock, one counting window after another.
    assert inside["most"] == 1
    assert elapsed >= PEOPLE * 0.05


def test_without_the_lock_the_same_race_overfills_the_group(monkeypatch):
    """Proof that the test above races for real: take the lock away and it fails."""
    group = SupportGroupFactory(capacity=CAPACITY)
    people = UserFactory.create_batch(PEOPLE)
    barrier = threading.Barrier(PEOPLE)
    real_count = group_services.seats_taken

    def slow_count(group):
        taken = real_count(group)
        time.sleep(0.2)
        return taken

    monkeypatch.setattr(group_services, "seats_taken", slow_count)
    monkeypatch.setattr(group_services, "_locked_group", lambda g: g)

    def join(person):
        try:
            browser = Client()
            browser.force_login(person)
            barrier.wait(timeout=30)
            browser.post(reverse("groups:join", args=[group.slug]), {"accept_rules": "on"})
        finally:
            connections.close_all()

    threads = [threading.Thread(target=join, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    active = Membership.objects.filter(group=group, state=Membership.State.ACTIVE).count()
    assert active > CAPACITY
