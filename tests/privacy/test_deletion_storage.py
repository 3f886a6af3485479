"""Deleted rows do not stay readable in SQLite's files (issue 20, finding 7).

With WAL on, a deleted row's old page stays in the ``-wal`` file until a checkpoint, and
without ``secure_delete`` its bytes stay in a free page of the main file. The settings turn
``secure_delete`` on for every connection and account deletion checkpoints the WAL
(``community.privacy.storage_forget``). This test uses a real database file with the
settings' own connection options.
"""

import pytest
from django.conf import settings
from django.db import connection, connections

from community.privacy import storage_forget

MARKER = "zq-deleted-words-that-must-go"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="SQLite's files; PostgreSQL needs VACUUM (README)"
    ),
]


def _file_database(tmp_path, *, options: dict):
    settings_dict = {
        **connection.settings_dict,
        "NAME": str(tmp_path / "deletion.sqlite3"),
        "OPTIONS": options,
        "TEST": {},
    }
    wrapper = connections["default"].__class__(settings_dict, alias="deletion_file_test")
    wrapper.ensure_connection()
    return wrapper


def _bytes_on_disk(tmp_path) -> bytes:
    return b"".join(path.read_bytes() for path in tmp_path.glob("deletion.sqlite3*"))


def _write_and_delete(wrapper) -> None:
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
        cursor.execute("INSERT INTO note (body) VALUES (%s)", [MARKER * 20])
        cursor.execute("INSERT INTO note (body) VALUES ('another row stays')")
        cursor.execute("DELETE FROM note WHERE body LIKE %s", [f"{MARKER}%"])


def test_the_settings_turn_secure_delete_on_and_deletion_checkpoints_the_wal(tmp_path):
    options = settings.DATABASES["default"]["OPTIONS"]
    assert "secure_delete=ON" in options["init_command"]
    wrapper = _file_database(tmp_path, options=options)
    try:
        _write_and_delete(wrapper)

        storage_forget(connection=wrapper)

        assert MARKER.encode() not in _bytes_on_disk(tmp_path)
    finally:
        wrapper.close()


def test_without_them_the_deleted_words_are_still_on_disk(tmp_path):
    """The check above is not blind: the old settings leave the words in the files."""
    options = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    wrapper = _file_database(tmp_path, options=options)
    try:
        _write_and_delete(wrapper)

        assert MARKER.encode() in _bytes_on_disk(tmp_path)
    finally:
        wrapper.close()
