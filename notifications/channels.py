"""Channel-layer group names, built from primary keys only (never from user text)."""


def user_group_name(user_id: int) -> str:
    return f"notifications.user.{user_id}"
