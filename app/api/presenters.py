"""Turning models into the dicts response schemas dump, where masking or decryption is involved."""
from __future__ import annotations

from app.accounts.models import User
from app.accounts.wechat_login import phone_of
from app.core.crypto import mask_phone


def me(user: User) -> dict:
    phone = phone_of(user)
    return {
        "id": user.id, "real_name": user.real_name, "gender": user.gender,
        "is_party_member": user.is_party_member, "work_unit": user.work_unit,
        "service_community": user.service_community, "phone": mask_phone(phone),
        "has_phone": phone is not None, "username": user.username,
        "must_change_password": user.must_change_password, "is_platform_admin": user.is_platform_admin,
        "memberships": [m for m in user.memberships if m.is_active],
    }


def login_result(user: User, tokens: dict, is_new: bool = False) -> dict:
    return {**tokens, "user": me(user), "is_new_user": is_new}
