"""The audit log: every action, filterable, paginated, and impossible to edit."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from moderation.audit import audit_record
from moderation.audit_wording import ACTION_FAMILIES, SENTENCES
from moderation.models import AuditEntry
from moderation.privacy import erase
from tests.factories import sign_in_with_mfa

pytestmark = pytest.mark.django_db

FAMILY_PREFIXES = {prefix.rstrip(".") for prefix, _label in ACTION_FAMILIES}


def test_audit_page_says_who_did_what_to_whom_where_in_a_sentence_with_the_reason_and_time(
    moderator_client, facilitator, member, group
):
    audit_record(
        actor=facilitator,
        action="member.warn",
        target=member,
        target_label=f"member {member.username}",
        group=group,
        reason="calm",
    )

    html = moderator_client.get(reverse("moderation:audit")).content.decode()

    assert f"{facilitator.username} sent a warning to {member.username} in {group.name}." in html
    assert "member.warn" not in html and "calm" in html and "<time" in html


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


def test_an_approved_post_reads_as_a_sentence_not_an_action_code(
    moderator_client, facilitator, member, group
):
    audit_record(
        actor=facilitator,
        action="premoderation.approve",
        target_label=f"post 8 by {member.username} in {group.name}",
        group=group,
    )

    html = moderator_client.get(reverse("moderation:audit")).content.decode()

    assert f"{facilitator.username} approved a post by {member.username} in {group.name}." in html
    assert "premoderation.approve" not in html and "post 8 by" not in html


def test_a_deleted_members_entries_read_former_member_as_actor_and_as_subject(
    moderator_client, facilitator, member, group
):
    audit_record(
        actor=facilitator,
        action="member.mute",
        target=member,
        target_label=f"member {member.username} for 60 min",
        group=group,
    )
    audit_record(actor=member, action="content.hide", target_label="post 3", group=group)
    member_name = member.username
    erase(member, "anonymise")

    html = moderator_client.get(reverse("moderation:audit")).content.decode()

    assert f"{facilitator.username} muted former member in {group.name}. For 60 minutes." in html
    assert f"Former member hid a post in {group.name}." in html
    assert member_name not in html


def test_the_audit_log_reads_in_the_moderators_language(
    moderator, moderator_client, facilitator, group
):
    audit_record(actor=facilitator, action="chat.lock", group=group)
    moderator.language = "es"
    moderator.save(update_fields=["language"])

    html = moderator_client.get(reverse("moderation:audit")).content.decode()

    assert f"{facilitator.username} cerró el chat en {group.name}." in html


def test_every_action_code_the_site_writes_has_a_sentence():
    written = set()
    for path in Path(settings.BASE_DIR).glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "audit_record" in text:
            written |= set(re.findall(r'"([a-z_]+\.[a-z_]+)"', text))
    codes = {code for code in written if code.split(".")[0] in FAMILY_PREFIXES}

    assert codes and codes <= set(SENTENCES), sorted(codes - set(SENTENCES))


def test_the_audit_table_stacks_into_cards_on_a_phone():
    css = (Path(settings.BASE_DIR) / "static/css/moderation.css").read_text()

    assert "@media (max-width: 40rem)" in css and ".audit-table tr" in css
