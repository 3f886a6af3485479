"""The per-member rate limit is a token bucket: the limit's average and burst, and a member
writing steadily at the limit's own rate is never refused for arriving a moment early."""

import random

from chat.pace import PaceKeeper

LIMIT, WINDOW = 5, 5.0  # the defaults: on average one a second, bursts of five


def reserve(keeper, client_id, now, *, slow_mode=0.0, user_id=1):
    return keeper.reserve(
        room_id=1,
        user_id=user_id,
        client_id=client_id,
        limit=LIMIT,
        window=WINDOW,
        slow_mode=slow_mode,
        now=now,
    )


def test_a_burst_of_five_passes_and_the_sixth_waits_until_a_message_is_earned_back():
    keeper = PaceKeeper()
    assert [reserve(keeper, f"m{i}", 100.0 + i * 0.01) for i in range(5)] == [None] * 5

    refusal = reserve(keeper, "m5", 100.1)

    assert refusal is not None and not refusal.slow_mode
    assert 0.8 < refusal.retry_after <= 1.0  # one message's worth: 1 s after the burst began
    assert reserve(keeper, "m5", 100.1 + refusal.retry_after) is None


def test_steady_writing_at_the_limits_rate_with_network_jitter_is_never_refused():
    keeper = PaceKeeper()
    jitter = random.Random(7)
    # The sliding-window count this replaced refused 87 of these 600.
    refused = [
        n
        for n in range(600)  # ten minutes at one message a second, each +-0.3 s on the way
        if reserve(keeper, f"m{n}", 1000.0 + n + jitter.uniform(-0.3, 0.3)) is not None
    ]

    assert refused == []


def test_writing_faster_than_the_average_is_held_to_it_after_the_burst():
    keeper = PaceKeeper()
    # Two a second for 20 s (40 tries): the burst of five, then one for each second earned
    # after the first (19.5 s of sending).
    accepted = sum(reserve(keeper, f"m{n}", 50.0 + n * 0.5) is None for n in range(40))

    assert accepted == 24


def test_a_retry_of_a_counted_message_is_never_refused_and_never_counted_twice():
    keeper = PaceKeeper()
    for i in range(5):
        assert reserve(keeper, f"m{i}", 10.0) is None

    assert reserve(keeper, "m4", 10.2) is None
    assert reserve(keeper, "new", 10.2) is not None


def test_a_released_message_gives_its_place_back():
    keeper = PaceKeeper()
    for i in range(5):
        reserve(keeper, f"m{i}", 10.0)
    keeper.release(room_id=1, user_id=1, client_id="m4")

    assert reserve(keeper, "again", 10.1) is None


def test_slow_mode_spaces_messages_whatever_the_bucket_holds():
    keeper = PaceKeeper()
    assert reserve(keeper, "a", 0.0, slow_mode=30) is None

    refusal = reserve(keeper, "b", 10.0, slow_mode=30)

    assert refusal is not None and refusal.slow_mode and refusal.retry_after == 20.0
    assert reserve(keeper, "b", 30.0, slow_mode=30) is None


def test_each_member_has_a_bucket_of_their_own():
    keeper = PaceKeeper()
    for i in range(5):
        reserve(keeper, f"m{i}", 10.0, user_id=1)

    assert reserve(keeper, "x", 10.0, user_id=2) is None
