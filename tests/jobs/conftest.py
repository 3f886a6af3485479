import pytest

from tests.jobs.helpers import keep_tasks_queued


@pytest.fixture
def queued(settings):
    keep_tasks_queued(settings)
    return settings
