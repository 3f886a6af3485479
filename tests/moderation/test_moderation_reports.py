"""Reports: anonymous to the reported member, grouped per target, only on what one can see."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from moderation.models import QueueItem, Report
from moderation.services import member_warn, report_create
from notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_reports_on_one_member_group_into_one_queue_item_with_a_count(group, member, second_member):
    third = MembershipFactory(group=group).user

    report_create(reporter=second_member, target=member, reason="harassment", note="", group=group)
    report_create(reporter=third, target=member, reason="spam", note="", group=group)

    item = QueueItem.objects.get()
    assert item.report_count == 2
    assert set(item.reasons) == {"harassment", "spam"}
    assert item.subject == member and item.group == group


def test_a_second_report_by_the_same_member_does_not_count_twice(group, member, second_member):
    report_create(reporter=second_member, target=member, reason="spam", note="a", group=group)
    report_create(reporter=second_member, target=member, reason="harassment", note="b", group=group)

    item = QueueItem.objects.get()
    assert item.report_count == 1
    assert Report.objects.get().note == "b"


def test_a_risk_of_harm_report_puts_the_item_first_in_the_queue(group, member, second_member):
    third = MembershipFactory(group=group).user
    report_create(reporter=third, target=second_member, reason="spam", note="", group=group)
    report_create(
        reporter=second_member, target=member, reason="risk_of_harm", note="", group=group
    )

    items = list(QueueItem.objects.order_by("priority", "created_at"))

    assert items[0].subject == member and items[0].is_safety


def test_reporting_a_member_of_no_shared_group_is_404(member, outsider):
    with pytest.raises(Http404):
        report_create(reporter=outsider, target=member, reason="spam", note="")


def test_reporting_yourself_is_refused_with_a_clear_message(group, member):
    with pytest.raises(ValidationError, match="yourself"):
        report_create(reporter=member, target=member, reason="spam", note="", group=group)


def test_a_report_needs_a_known_reason(group, member, second_member):
    with pytest.raises(ValidationError):
        report_create(reporter=second_member, target=member, reason="meh", note="", group=group)


def test_the_reported_member_never_learns_who_reported_them(
    client, group, member, second_member, facilitator
):
    reporter = UserFactory(username="distinctive_reporter")
    MembershipFactory(group=group, user=reporter)
    report_create(
        reporter=reporter, target=member, reason="harassment", note="they hurt me", group=group
    )
    item = QueueItem.objects.get()

    member_warn(actor=facilitator, member=member, group=group, reason="Please be kind.", item=item)

    notes = [n.text for n in Notification.objects.filter(recipient=member)]
    assert notes and all("distinctive_reporter" not in text for text in notes)
    client.force_login(member)
    for url in [reverse("accounts:notifications"), reverse("accounts:profile")]:
        assert "distinctive_reporter" not in client.get(url).content.decode()


def test_queue_shows_reporter_notes_without_reporter_names(facilitator_client, group, member):
    reporter = UserFactory(username="named_reporter")
    MembershipFactory(group=group, user=reporter)
    report_create(
        reporter=reporter, target=member, reason="other", note="context here", group=group
    )

    html = facilitator_client.get(reverse("moderation:group_queue", args=[group.slug])).content

    assert b"context here" in html
    assert b"named_reporter" not in html


def test_member_reports_a_member_through_the_form(member_client, group, second_member):
    url = reverse("moderation:report")
    form = member_client.get(url, {"type": "member", "id": second_member.username})
    assert form.status_code == 200
    assert "never learns who reported" in form.content.decode()

    response = member_client.post(
        url,
        {"type": "member", "id": second_member.username, "reason": "harassment", "note": "x"},
    )

    assert response.status_code == 302
    assert QueueItem.objects.get().subject == second_member


def test_report_form_for_someone_you_cannot_see_is_404(member_client, outsider):
    response = member_client.get(
        reverse("moderation:report"), {"type": "member", "id": outsider.username}
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    "params", [{"type": "nonsense", "id": "1"}, {"type": "post", "id": "abc"}, {}]
)
def test_report_form_with_bad_input_is_404_not_500(member_client, params):
    assert member_client.get(reverse("moderation:report"), params).status_code == 404


def test_report_form_without_a_reason_shows_the_form_again(member_client, second_member):
    response = member_client.post(
        reverse("moderation:report"), {"type": "member", "id": second_member.username}
    )

    assert response.status_code == 400
    assert not QueueItem.objects.exists()


def test_facilitators_hear_of_a_new_queue_item_without_the_reporter_named(
    group, member, second_member, facilitator
):
    report_create(reporter=second_member, target=member, reason="spam", note="", group=group)

    note = Notification.objects.get(recipient=facilitator)
    assert note.kind == Notification.Kind.MODERATION
    assert second_member.username not in note.text
    assert not Notification.objects.filter(recipient=member).exists()


def test_reports_are_rate_limited(group, member, second_member, monkeypatch):
    monkeypatch.setattr("moderation.services.reports.REPORTS_PER_HOUR", 2)
    others = [MembershipFactory(group=group).user for _ in range(2)]
    report_create(reporter=second_member, target=member, reason="spam", group=group)
    report_create(reporter=second_member, target=others[0], reason="spam", group=group)

    with pytest.raises(ValidationError, match="many reports"):
        report_create(reporter=second_member, target=others[1], reason="spam", group=group)
