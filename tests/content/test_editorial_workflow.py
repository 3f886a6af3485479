"""Article changes go through the "Guide review" workflow; scheduled publishing works."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from content.models import ArticlePage
from content.services import (
    EDITORS_GROUP,
    REVIEW_TASK_NAME,
    REVIEW_WORKFLOW_NAME,
    REVIEWERS_GROUP,
    editorial_workflow_ensure,
)
from tests.factories import UserFactory, article_page, sign_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def workflow(guides):
    return editorial_workflow_ensure()


@pytest.fixture
def editor(workflow):
    user = UserFactory(username="guide_writer")
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def reviewer(workflow):
    user = UserFactory(username="guide_checker")
    user.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    return user


def edit_form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "body": streamfield([("paragraph", rich_text("<p>A gentler opening.</p>"))]),
        "tags": "trust",
        "reading_time": "0",
        "reviewed_by": "",
        "last_reviewed": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def test_guide_index_subtree_uses_the_guide_review_workflow_with_a_reviewers_task(guides, workflow):
    page = article_page(index=guides, title="Under review")

    assert page.get_workflow() == workflow
    assert workflow.name == REVIEW_WORKFLOW_NAME
    task = workflow.tasks.get().specific
    assert task.name == REVIEW_TASK_NAME
    assert list(task.groups.values_list("name", flat=True)) == [REVIEWERS_GROUP]


def test_workflow_setup_is_idempotent(workflow):
    again = editorial_workflow_ensure()

    assert again == workflow
    assert again.tasks.count() == 1


def test_editor_cannot_publish_directly(guides, editor):
    page = article_page(index=guides, title="Editor's draft", live=False)

    assert page.permissions_for_user(editor).can_edit()
    assert not page.permissions_for_user(editor).can_publish()


def test_submitting_an_article_in_the_admin_starts_the_workflow(client, guides, editor):
    page = article_page(index=guides, title="Draft for review", live=False)
    sign_in_with_mfa(client, editor)

    response = client.post(
        f"/admin/pages/{page.pk}/edit/", edit_form(page, **{"action-submit": "Submit"})
    )

    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor
    assert state.current_task_state.task.name == REVIEW_TASK_NAME
    page.refresh_from_db()
    assert not page.live
    assert page.status_string == "in moderation"


def test_a_reviewer_approves_and_the_article_is_published(client, guides, editor, reviewer):
    page = article_page(index=guides, title="Ready to approve", live=False)
    page.get_workflow().start(page, editor)
    task_state = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state
    sign_in_with_mfa(client, reviewer)

    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_APPROVED
    assert client.get(page.url).status_code == 200


def test_an_editor_cannot_approve_their_own_submission(client, guides, editor):
    page = article_page(index=guides, title="Self approval", live=False)
    page.get_workflow().start(page, editor)
    task_state = WorkflowState.objects.get(object_id=str(page.pk)).current_task_state
    sign_in_with_mfa(client, editor)

    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""})

    page.refresh_from_db()
    assert not page.live


def test_a_scheduled_article_goes_live_with_publish_scheduled(guides):
    page = article_page(index=guides, title="Published tomorrow", live=False)
    page.go_live_at = timezone.now() + timedelta(days=1)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live
    assert page.status_string == "scheduled"

    call_command("publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert not page.live  # not yet due

    # A day passes: the scheduled time is now behind us.
    past = timezone.now() - timedelta(minutes=1)
    revision = Revision.objects.get(pk=revision.pk)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("publish_scheduled", stdout=StringIO())

    page.refresh_from_db()
    assert page.live
    assert ArticlePage.objects.live().filter(pk=page.pk).exists()


def test_the_wagtail_editor_asks_an_editor_without_an_authenticator_to_set_one_up(
    client, guides, editor
):
    """Issue 20 hardening: editors and reviewers publish crisis-line numbers with a password
    alone."""
    client.force_login(editor)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_the_wagtail_editor_asks_for_a_code_when_this_session_gave_none(client, guides, reviewer):
    from tests.factories import give_totp

    give_totp(reviewer)
    client.force_login(reviewer)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_the_wagtail_editor_opens_once_the_session_used_a_code(client, guides, editor):
    sign_in_with_mfa(client, editor)

    assert client.get("/admin/").status_code == 200
