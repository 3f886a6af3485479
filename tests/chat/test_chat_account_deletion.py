"""Deleting an account closes the member's own open chat connections at once."""

import pytest
from channels.db import database_sync_to_async

from community.accounts.services import account_delete
from tests.chat.chatws import closed_with, joined
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


async def test_deleting_an_account_closes_its_own_chat_socket_and_it_can_send_no_more(
    group, member
):
    alice, _ = await joined(member, slug=group.slug)

    await database_sync_to_async(account_delete)(
        user=member, password=DEFAULT_PASSWORD, posts_mode="erase"
    )

    assert await closed_with(alice) in (4401, 4403)
    await alice.disconnect()
