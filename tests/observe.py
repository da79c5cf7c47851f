"""Watching what the app sends to Redis: redis-py's own client, observed, not replaced."""
from __future__ import annotations


def redis_commands(kv, monkeypatch) -> list[str]:
    """The names of the commands `kv`'s client sends from now on (until the test ends)."""
    sent: list[str] = []
    original = kv.client.execute_command

    def counting(*args, **kwargs):
        sent.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(kv.client, "execute_command", counting)
    return sent
