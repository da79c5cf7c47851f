"""Platform administrators (平台管理员): created from the command line, never through the API."""
from __future__ import annotations

from app.accounts.models import User
from app.accounts.organisations import username_taken
from app.accounts.passwords import check_strength, hash_password
from app.core.persistence import insert_unique


def create_platform_admin(username: str, password: str) -> User:
    check_strength(password)
    return insert_unique(User(username=username.strip(), password_hash=hash_password(password),
                              is_platform_admin=True, real_name="平台管理员"), username_taken())
