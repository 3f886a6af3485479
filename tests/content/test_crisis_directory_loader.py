"""Loading crisis_resources_v2.json: structured, idempotent, editors win, bad rows refused."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from content.crisis_data import DATA_FILE, read_directory_file
from content.crisis_services import crisis_resources_load
from content.models import CrisisResource

pytestmark = pytest.mark.django_db

ROWS = read_directory_file(DATA_FILE)
LOW = {row["id"] for row in ROWS if row["confidence"] == "low"}


def load(rows):
    return crisis_resources_load(records=rows)


def write(tmp_path, rows, name="directory.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"schema": {}, "resources": rows}), encoding="utf-8")
    return path


def test_the_bundled_file_is_the_v2_directory_copied_into_the_app():
    assert DATA_FILE.name == "crisis_resources_v2.json"
    assert DATA_FILE.parent.name == "data" and DATA_FILE.parent.parent.name == "content"
    assert len(ROWS) == 84
    assert {"RU", "MX", "ES", "AR", "CO"} <= {row["country_code"] for row in ROWS}


def test_every_row_loads_unverified_and_only_low_confidence_rows_wait_unpublished():
    out, err = StringIO(), StringIO()

    call_command("load_crisis_resources", stdout=out, stderr=err)

    assert CrisisResource.objects.count() == 84
    assert not CrisisResource.objects.filter(last_verified__isnull=False).exists()
    unpublished = set(CrisisResource.objects.filter(live=False).values_list("source_id", flat=True))
    assert unpublished == LOW == {"gb-rape-crisis-ew", "ru-mchs-psychological-help"}
    assert "84 added (2 unpublished until an editor checks them)" in out.getvalue()
    assert "0 refused" in out.getvalue() and err.getvalue() == ""


def test_numbers_are_stored_structured_with_dial_display_label_and_sms_keyword():
    load(ROWS)

    lifeline = CrisisResource.objects.get(source_id="us-988-lifeline")
    rainn = CrisisResource.objects.get(source_id="us-rainn")
    samaritans = CrisisResource.objects.get(source_id="gb-samaritans")

    assert [(s.number, s.keyword) for s in lifeline.sms_numbers.order_by("sort_order")] == [
        ("988", ""),
        ("988", "AYUDA"),
    ]
    phone = rainn.phones.get()
    assert (phone.dial, phone.display, phone.label) == (
        "+18006564673",
        "800-656-4673",
        "800-656-HOPE",
    )
    assert samaritans.hours == "24/7"
    assert "Carried over" in lifeline.notes_for_editors  # kept, for editors
    assert lifeline.sources.startswith("https://988lifeline.org/")
    assert lifeline.confidence == "high"
    assert lifeline.other_kinds == ["general"]


def test_running_the_loader_twice_changes_nothing():
    load(ROWS)
    before = list(CrisisResource.objects.order_by("pk").values())

    report = load(ROWS)

    assert report.created == [] and report.updated == []
    assert len(report.unchanged) == 84
    assert list(CrisisResource.objects.order_by("pk").values()) == before


def test_editors_changes_and_verification_dates_survive_a_reload_of_a_changed_file():
    load(ROWS)
    edited = CrisisResource.objects.get(source_id="us-rainn")
    edited.hours = "Day and night"
    edited.save()
    verified = CrisisResource.objects.get(source_id="gb-samaritans")
    verified.last_verified = timezone.localdate()
    verified.save()
    published_by_editor = CrisisResource.objects.get(source_id="gb-rape-crisis-ew")
    published_by_editor.live = True
    published_by_editor.save()
    changed = copy.deepcopy(ROWS)
    for row in changed:
        if row["id"] in {"us-rainn", "gb-samaritans", "us-crisis-text-line"}:
            row["hours"] = "Every day 9:00–21:00"
            row["description"] = "Changed in the file."

    report = load(changed)

    edited.refresh_from_db()
    verified.refresh_from_db()
    untouched = CrisisResource.objects.get(source_id="us-crisis-text-line")
    assert edited.hours == "Day and night"  # the editor's value wins
    assert edited.description == "Changed in the file."  # a field nobody edited follows the file
    assert verified.last_verified == timezone.localdate()
    assert verified.hours == "24/7"  # a verified entry is left as the editor confirmed it
    assert untouched.hours == "Every day 9:00–21:00"
    assert CrisisResource.objects.get(source_id="gb-rape-crisis-ew").live  # editor published it
    assert "gb-samaritans" in report.kept
    assert {"us-rainn", "us-crisis-text-line"} <= set(report.updated)
    assert CrisisResource.objects.count() == 84


def test_a_row_with_a_missing_or_malformed_number_is_refused_by_name_and_the_rest_load(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows[0]["phones"][0]["dial"] = "8006564673(800656HOPE)"
    rows[1]["sms"][0]["number"] = ""
    rows[2]["phones"][0].pop("dial")
    out, err = StringIO(), StringIO()

    call_command("load_crisis_resources", file=str(write(tmp_path, rows)), stdout=out, stderr=err)

    assert CrisisResource.objects.count() == 81
    assert not CrisisResource.objects.filter(
        source_id__in=[rows[0]["id"], rows[1]["id"], rows[2]["id"]]
    ).exists()
    message = err.getvalue()
    assert "row 1 (us-988-lifeline, '988 Suicide & Crisis Lifeline')" in message
    assert "malformed number '8006564673(800656HOPE)'" in message
    assert "row 2 (us-crisis-text-line" in message and "text number 1 has no number" in message
    assert "row 3 (us-rainn" in message and "phone 1 has no number to dial" in message
    assert "3 refused" in out.getvalue()


def test_strict_mode_fails_the_command_when_a_row_is_refused(tmp_path):
    rows = copy.deepcopy(ROWS)
    rows[5]["phones"][0]["dial"] = "116123 (free)"

    with pytest.raises(Exception, match="1 row"):
        call_command(
            "load_crisis_resources", file=str(write(tmp_path, rows)), strict=True, stdout=StringIO()
        )

    assert CrisisResource.objects.count() == 83


def test_a_file_that_is_not_the_v2_layout_is_refused_clearly(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    old_layout = tmp_path / "v1.json"
    old_layout.write_text('[{"country_code": "GB", "name": "Samaritans", "phone": "116 123"}]')

    with pytest.raises(Exception, match="cannot be loaded"):
        call_command("load_crisis_resources", file=str(broken))
    with pytest.raises(Exception, match="v2 layout"):
        call_command("load_crisis_resources", file=str(old_layout))


def test_an_entry_added_before_stable_ids_is_adopted_not_duplicated_and_keeps_what_was_written():
    today = timezone.localdate()
    older = CrisisResource.objects.create(
        country_code="US",
        kind="sexual_assault",
        name="RAINN National Sexual Assault Hotline",
        hours="24/7 (phone and online chat)",
        last_verified=today,
    )

    report = load(ROWS)

    older.refresh_from_db()
    assert CrisisResource.objects.count() == 84
    assert older.source_id == "us-rainn" and "us-rainn" in report.updated
    assert [p.dial for p in older.phones.all()] == ["+18006564673"]  # empty: filled from the file
    assert older.hours == "24/7 (phone and online chat)"  # written by an editor: kept
    assert older.last_verified == today


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_editor_verified_v1_rows_and_moves_unreadable_numbers_to_notes():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("content", "0001_pages_and_crisis_resources")])
    old = executor.loader.project_state([("content", "0001_pages_and_crisis_resources")]).apps
    OldResource = old.get_model("content", "CrisisResource")
    common = {"country_code": "GB", "kind": "general", "live": True}
    OldResource.objects.create(name="Untouched v1 row", phone="116 123", **common)
    OldResource.objects.create(
        name="Verified line", phone="116 123", last_verified="2026-11-30", **common
    )
    OldResource.objects.create(
        name="Verified but noted", phone="116123(free)", sms="Text SHOUT to 85258",
        last_verified="2026-11-30", **common,
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert not CrisisResource.objects.filter(name="Untouched v1 row").exists()
    verified = CrisisResource.objects.get(name="Verified line")
    noted = CrisisResource.objects.get(name="Verified but noted")
    assert [(p.dial, p.display) for p in verified.phones.all()] == [("116123", "116 123")]
    assert not noted.phones.exists()
    assert "116123(free)" in noted.notes_for_editors
    assert "Text SHOUT to 85258" in noted.notes_for_editors
