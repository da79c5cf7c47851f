"""Who else may see an attached upload: each feature that attaches uploads registers a rule.

Uploads sit below the features in the layering, so they cannot ask "may this actor see beneficiary
42?" themselves; the feature answers it. Register at import time of the feature's services module
(imported by app.models, so every process has the rules before the first request):

    register_access_rule("beneficiary", lambda actor, beneficiary_id: ...)
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Reader(Protocol):
    """What uploads need to know of the acting user. app.accounts.policy.Actor fits; uploads sit
    beside accounts in the layering and may not import it."""

    @property
    def user_id(self) -> int: ...

    @property
    def is_platform_admin(self) -> bool: ...


AccessRule = Callable[[Reader, int], bool]

_RULES: dict[str, AccessRule] = {}


def register_access_rule(kind: str, rule: AccessRule) -> None:
    """Let `rule(actor, attached_id)` grant read access to uploads attached as `kind`."""
    existing = _RULES.get(kind)
    if existing is not None and existing is not rule:
        # Two features claiming one kind would silently widen or narrow who sees the files.
        raise ValueError(f"an access rule for upload kind {kind!r} is already registered")
    _RULES[kind] = rule


def access_rule(kind: str | None) -> AccessRule | None:
    return _RULES.get(kind) if kind else None


def unregister_access_rule(kind: str) -> None:
    """For tests that register a throwaway kind."""
    _RULES.pop(kind, None)
