"""Fixtures for the content hub: the page tree, the crisis directory, compiled catalogues."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="session", autouse=True)
def _compiled_messages():
    """The .mo files are built at install (git-ignores them); build them for this run too."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "compile_messages", ROOT / "scripts" / "compile_messages.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main()
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None
    yield


@pytest.fixture
def site_tree(db):
    from content.services import site_tree_ensure

    return site_tree_ensure()


@pytest.fixture
def home(site_tree):
    return site_tree[0]


@pytest.fixture
def guides(site_tree):
    return site_tree[1]


@pytest.fixture
def crisis_directory(db):
    from content.crisis_data import read_directory_file
    from content.crisis_services import crisis_resources_load

    crisis_resources_load(records=read_directory_file())


@pytest.fixture
def seed_paths():
    return sorted((ROOT / "content" / "seeds").glob("*.txt"))
