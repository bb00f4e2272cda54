"""The cache of parsed files: a settled file is parsed once, a changed one again, a broken file
never kept, and a cache that cannot be used is done without."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from annotator import store
from annotator.store import codec, index, parsed
from tests.helpers import sample, write_article

HOUR_NS = 3600 * 10**9


@pytest.fixture
def settled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An annotation file and its article, trusted as settled (ctime cannot be aged by a test)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(index, "RACY_NS", -HOUR_NS)
    write_article(tmp_path)
    path = tmp_path / "ann" / "alice" / "a.yaml"
    store.save(sample(), path)
    return path


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = codec.parse_data

    def counting(text: str, path: str) -> dict[str, object]:
        calls.append(path)
        return real(text, path)

    monkeypatch.setattr(store, "parse_data", counting)
    return calls


def test_a_settled_file_is_parsed_once(settled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_parses(monkeypatch)
    first = store.read(settled)
    second = store.read(settled)
    assert first == second == sample() and len(calls) == 1
    assert store.load(settled)[0] == sample() and len(calls) == 1


def test_a_changed_file_is_parsed_again(settled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store.read(settled)
    changed = replace(sample(), note="rewritten")
    settled.write_text(store.dumps(changed), encoding="utf-8")  # in place: same inode
    assert store.read(settled).note == "rewritten"
    store.save(replace(changed, note="same size!"), settled)  # atomically: a new inode
    assert store.read(settled).note == "same size!"


def test_a_fresh_file_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_article(tmp_path)
    path = tmp_path / "a.yaml"
    store.save(sample(), path)  # just written: within the racy window, so parsed each time
    calls = count_parses(monkeypatch)
    store.read(path)
    store.read(path)
    assert len(calls) == 2


def test_a_broken_file_is_never_kept(settled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settled.write_text(store.dumps(sample()).replace("status: in_progress", "status: finished"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(store.StoreError, match="status"):
            store.read(settled)


def test_a_corrupt_database_is_started_again(settled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store.read(settled)
    database = index.cache_folder() / parsed.NAME
    parsed._local.__dict__.clear()  # as a new process would open it
    database.write_bytes(b"not a database at all" * 100)
    for name in ("-wal", "-shm"):
        Path(str(database) + name).unlink(missing_ok=True)
    calls = count_parses(monkeypatch)
    assert store.read(settled) == sample()
    assert store.read(settled) == sample()
    assert len(calls) == 1  # parsed again once, then kept in the new database


def test_an_unwritable_cache_folder_is_done_without(
    settled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert store.read(settled) == sample()
    assert store.read(settled) == sample()


def test_a_database_of_another_version_is_emptied(settled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store.read(settled)
    parsed._local.__dict__.clear()
    monkeypatch.setattr(parsed, "_tag", lambda: "another version")
    calls = count_parses(monkeypatch)
    store.read(settled)
    assert len(calls) == 1
