"""Rate limits: sign-in, sign-up, password reset and the site's own helper answer a calm 429."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from community.ratelimit import RateLimited, rate_limit_allow, rate_limit_check, rate_limited
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_rate_limit_clock")]

CALM_TEXT = "Please wait a moment"


def test_helper_allows_up_to_the_limit_then_refuses():
    results = [rate_limit_allow(scope="test", key=1, limit=3, period=60)[0] for _ in range(4)]

    assert results == [True, True, True, False]


def test_helper_counts_each_key_on_its_own():
    for _ in range(3):
        rate_limit_check(scope="test", key="a", limit=3, period=60)

    rate_limit_check(scope="test", key="b", limit=3, period=60)
    with pytest.raises(RateLimited) as error:
        rate_limit_check(scope="test", key="a", limit=3, period=60)

    assert 1 <= error.value.retry_after <= 60


def test_decorated_view_answers_429_with_the_calm_page_and_retry_after(member):
    from community.middleware import RateLimitMiddleware

    @rate_limited(scope="test-view", limit=1, period=60)
    def view(request):
        from django.http import HttpResponse

        return HttpResponse("ok")

    def handle(request):
        try:
            return view(request)
        except RateLimited as exception:
            return RateLimitMiddleware(handle).process_exception(request, exception)

    factory = RequestFactory()
    request = factory.post("/anything/")
    request.user = member
    first, second = handle(request), handle(request)

    assert first.status_code == 200
    assert second.status_code == 429
    assert CALM_TEXT in second.content.decode()
    assert 1 <= int(second["Retry-After"]) <= 60


def test_decorator_leaves_safe_methods_alone(member):
    @rate_limited(scope="test-get", limit=1, period=60)
    def view(request):
        from django.http import HttpResponse

        return HttpResponse("ok")

    request = RequestFactory().get("/anything/")
    request.user = member

    assert [view(request).status_code for _ in range(3)] == [200, 200, 200]


def test_repeated_failed_sign_ins_for_one_account_answer_429_and_say_so(client):
    UserFactory(email="target@example.org")
    responses = [
        client.post(
            reverse("account_login"), {"login": "target@example.org", "password": f"guess-{i}"}
        )
        for i in range(6)
    ]

    assert [r.status_code for r in responses[:5]] == [200] * 5
    assert responses[5].status_code == 429
    assert "too many sign-in attempts" in responses[5].content.decode()
    assert responses[5]["Retry-After"]


def test_wrong_passwords_from_elsewhere_never_lock_the_owner_out(client):
    """Issue 20, finding 12: five wrong passwords from anyone locked the owner out too."""
    owner = UserFactory(email="owner@example.org")
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    guesses = [
        guesser.post(reverse("account_login"), {"login": owner.email, "password": f"guess-{i}"})
        for i in range(7)
    ]

    at_home = Client(REMOTE_ADDR="198.51.100.7").post(
        reverse("account_login"), {"login": owner.email, "password": DEFAULT_PASSWORD}
    )

    assert guesses[-1].status_code == 429
    assert at_home.status_code == 302
    assert at_home["Location"] != reverse("account_login")


def test_the_owner_is_told_once_about_repeated_failed_sign_ins(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="told@example.org")
    for i in range(12):
        address = f"203.0.113.{i}"  # from many places, so no source is slowed down
        with django_capture_on_commit_callbacks(execute=True):
            Client(REMOTE_ADDR=address).post(
                reverse("account_login"), {"login": owner.email, "password": f"guess-{i}"}
            )

    notices = [m for m in mailoutbox if m.to == [owner.email]]
    assert len(notices) == 1
    assert notices[0].subject == "About your account"
    assert "tried several times to sign in" in notices[0].body
    assert "203.0.113" not in notices[0].body


def test_failed_sign_ins_for_an_address_nobody_has_send_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    for i in range(8):
        with django_capture_on_commit_callbacks(execute=True):
            Client(REMOTE_ADDR=f"203.0.113.{i}").post(
                reverse("account_login"), {"login": "nobody@example.org", "password": "x"}
            )

    assert mailoutbox == []


def test_too_many_sign_in_requests_from_one_address_answer_the_calm_429_page(client):
    statuses = []
    for i in range(31):
        response = client.post(
            reverse("account_login"), {"login": f"person{i}@example.org", "password": "x"}
        )
        statuses.append(response.status_code)

    assert statuses[-1] == 429
    assert CALM_TEXT in response.content.decode()


def test_too_many_sign_ups_from_one_address_answer_429(client):
    statuses = []
    for i in range(21):
        response = client.post(
            reverse("account_signup"),
            {
                "email": f"new{i}@example.org",
                "username": f"newcomer_{i}",
                "password1": "a-long-enough-password-42",
                "password2": "a-long-enough-password-42",
            },
        )
        statuses.append(response.status_code)

    assert 429 not in statuses[:20]
    assert statuses[20] == 429
    assert CALM_TEXT in response.content.decode()


def test_too_many_password_resets_for_one_address_answer_429(client):
    UserFactory(email="reset@example.org")
    statuses = [
        client.post(reverse("account_reset_password"), {"email": "reset@example.org"}).status_code
        for _ in range(6)
    ]

    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429
