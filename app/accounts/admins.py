"""Platform administrators (平台管理员): created from the command line, never through the API."""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.accounts.passwords import check_strength, hash_password
from app.core.errors import Conflict
from app.extensions import db


def create_platform_admin(username: str, password: str) -> User:
    check_strength(password)
    user = User(username=username.strip(), password_hash=hash_password(password), is_platform_admin=True,
                real_name="平台管理员")
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError as exc:
        raise Conflict("账号名已被使用", error="username_taken") from exc
    return user
