"""The audit log: every action, filterable, paginated, and impossible to edit."""

import pytest
from django.urls import reverse

from moderation.audit import audit_record
from moderation.models import AuditEntry
from tests.factories import sign_in_with_mfa

pytestmark = pytest.mark.django_db


def test_audit_page_lists_actor_action_target_reason_and_time(moderator_client, facilitator, group):
    audit_record(
        actor=facilitator, action="member.warn", target=facilitator, group=group, reason="calm"
    )

    html = moderator_client.get(reverse("moderation:audit")).content.decode()

    assert facilitator.username in html and "member.warn" in html and "calm" in html
    assert group.name in html and "<time" in html


def test_audit_page_filters_by_group_and_actor(
    moderator_client, facilitator, other_facilitator, group, other_group
):
    audit_record(actor=facilitator, action="x.one", group=group, reason="first-entry")
    audit_record(actor=other_facilitator, action="x.two", group=other_group, reason="second-entry")

    by_group = moderator_client.get(reverse("moderation:audit"), {"group": group.pk}).content
    by_actor = moderator_client.get(
        reverse("moderation:audit"), {"actor": other_facilitator.username}
    ).content

    assert b"first-entry" in by_group and b"second-entry" not in by_group
    assert b"second-entry" in by_actor and b"first-entry" not in by_actor


def test_audit_page_is_paginated(moderator_client, facilitator):
    for index in range(55):
        audit_record(actor=facilitator, action="x.many", reason=f"entry-{index:02d}")

    first = moderator_client.get(reverse("moderation:audit")).content.decode()
    second = moderator_client.get(reverse("moderation:audit"), {"page": 2}).content.decode()

    assert "entry-54" in first and "entry-00" not in first
    assert "entry-00" in second and "Page 2 of 2" in second


def test_audit_page_ignores_bad_filters_instead_of_failing(moderator_client):
    response = moderator_client.get(reverse("moderation:audit"), {"group": "abc", "page": "zz"})

    assert response.status_code == 200


def test_facilitators_get_404_on_the_audit_page(facilitator_client):
    assert facilitator_client.get(reverse("moderation:audit")).status_code == 404


def test_audit_entries_cannot_be_updated_or_deleted_in_bulk(facilitator):
    audit_record(actor=facilitator, action="x.kept")

    with pytest.raises(TypeError):
        AuditEntry.objects.update(reason="changed")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()


def test_django_admin_shows_audit_entries_read_only(client, admin_user):
    entry = audit_record(actor=admin_user, action="x.admin")
    sign_in_with_mfa(client, admin_user)

    change = client.get(f"/django-admin/moderation/auditentry/{entry.pk}/change/")
    delete = client.get(f"/django-admin/moderation/auditentry/{entry.pk}/delete/")
    add = client.get("/django-admin/moderation/auditentry/add/")
    posted = client.post(
        f"/django-admin/moderation/auditentry/{entry.pk}/change/", {"reason": "edited"}
    )

    assert change.status_code == 200 and b'name="reason"' not in change.content
    assert delete.status_code == 403 and add.status_code == 403
    assert posted.status_code == 403
    entry.refresh_from_db()
    assert entry.reason == ""


def test_audit_survives_the_actor_account_being_deleted(facilitator):
    entry = audit_record(actor=facilitator, action="x.outlives")
    name = facilitator.username

    facilitator.delete()
    entry.refresh_from_db()

    assert entry.actor is None and entry.actor_name == name
