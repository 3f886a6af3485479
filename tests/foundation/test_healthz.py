"""``/healthz`` answers 200 when the database and channel layer work, 503 when either fails."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db(transaction=True)


def test_healthz_is_ok_when_database_and_channel_layer_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "channel_layer": "ok"}


def test_healthz_is_503_when_the_channel_layer_is_unreachable(client):
    from channels.layers import channel_layers

    unreachable = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    with override_settings(CHANNEL_LAYERS=unreachable):
        channel_layers.backends.clear()
        response = client.get("/healthz")
    channel_layers.backends.clear()

    assert response.status_code == 503
    assert response.json()["channel_layer"] == "down"
    assert response.json()["database"] == "ok"


@pytest.mark.live
def test_healthz_on_a_live_daphne_is_503_when_the_database_is_unreachable():
    from tests.live import daphne_server, http_get

    env = {
        "DJANGO_SETTINGS_MODULE": "community.settings.test",
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nowhere",
        "REDIS_URL": "",
    }
    with daphne_server(env) as base_url:
        status, body = http_get(f"{base_url}/healthz")

    assert status == 503
    assert b'"database": "down"' in body
