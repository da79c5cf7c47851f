"""Local file storage: random names, atomic writes, no way out of the root."""
from __future__ import annotations

import re

import pytest

from app.core.storage import LocalStorage


@pytest.fixture
def store(tmp_path):
    return LocalStorage(tmp_path / "files")


def _all_files(store) -> list:
    return [p for p in store.root.rglob("*") if p.is_file()]


def test_save_open_delete(store):
    key = store.save(b"\x89PNG data", ".png")
    assert re.fullmatch(r"[0-9a-f]{32}\.png", key)
    assert store.exists(key)
    with store.open(key) as fh:
        assert fh.read() == b"\x89PNG data"
    store.delete(key)
    assert not store.exists(key)
    store.delete(key)  # deleting twice is harmless: cleanup paths may race


def test_every_save_gets_a_new_name(store):
    assert store.save(b"same", ".gif") != store.save(b"same", ".gif")


def test_no_part_file_is_left(store):
    for _ in range(3):
        store.save(b"x" * 10_000, ".jpg")
    files = _all_files(store)
    assert len(files) == 3
    assert not [p for p in files if p.name.endswith(".part")]


def test_files_stay_under_the_root(store):
    key = store.save(b"data", ".bmp")
    [path] = _all_files(store)
    assert path.resolve().is_relative_to(store.root.resolve())
    assert path.name == key


@pytest.mark.parametrize("key", [
    "", "../secret", "..", ".hidden", "a/b", "/etc/passwd", "..\\windows", "ab\\..\\..\\x",
    "00/../../etc/passwd",
])
def test_keys_that_could_escape_are_refused(store, key):
    for operation in (store.open, store.delete, store.exists):
        with pytest.raises(ValueError):
            operation(key)


def test_missing_key_is_file_not_found(store):
    with pytest.raises(FileNotFoundError):
        store.open("0123456789abcdef0123456789abcdef.png")


def test_failed_write_leaves_no_part_file(store, monkeypatch):
    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.core.storage.os.fsync", disk_full)
    with pytest.raises(OSError):
        store.save(b"data", ".png")
    assert _all_files(store) == []
