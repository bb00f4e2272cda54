from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from annotator import store
from annotator.model import Span
from tests.helpers import TEXT, sample, write_article


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_article(tmp_path)
    return tmp_path


def test_save_and_load_round_trip_exactly(folder: Path) -> None:
    path = folder / "annotations" / "alice" / "a.yaml"
    store.save(sample(), path)
    loaded, text = store.load(path)
    assert loaded == sample() and text == TEXT
    first = path.read_bytes()
    store.save(loaded, path)
    assert path.read_bytes() == first


def test_the_file_reads_well(folder: Path) -> None:
    text = store.dumps(sample())
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith((" ", "-"))]
    assert keys[:11] == [
        "schema_version", "doc_id", "article", "text_sha256", "annotator", "status", "updated", "active_seconds",
        "note", "detector", "speakers"
    ]  # fmt: skip
    assert "“Good luck and good night.”" in text  # unicode as is, not escaped
    assert "note: |-\n" in text or "note: |\n" in text  # multi-line text as a block scalar
    assert "{start: " in text  # short spans on one line


@pytest.mark.parametrize(
    "value",
    ["", " leading space", "trailing space ", "tab\there", "a\r\nb", "x" * 300, "line\n\n\nend\n", "- not a list", "#"],
)
def test_awkward_text_round_trips(folder: Path, value: str) -> None:
    annotation = replace(sample(), quotes=(replace(sample().quotes[0], note=value),))
    assert store.parse(store.dumps(annotation), "x") == annotation


def test_an_interrupted_save_leaves_the_old_file_whole(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = folder / "a.yaml"
    store.save(sample(), path)
    before = path.read_bytes()

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        store.save(replace(sample(), status="done"), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "a.yaml"]  # no temporary file left


WRITER = """
import sys
from dataclasses import replace
from pathlib import Path
from annotator import store
from tests.helpers import sample
path = Path(sys.argv[1])
for i in range(100000):
    note = f"{i:05d}" * 20000
    first, second = sample().quotes
    store.save(replace(sample(), quotes=(replace(first, note=note), second)), path)
"""


def test_killing_a_writer_mid_write_never_leaves_a_broken_file(folder: Path) -> None:
    path = folder / "a.yaml"
    store.save(sample(), path)
    repo = Path(__file__).resolve().parent.parent
    notes = set()
    for delay in (0.0, 0.01, 0.03, 0.08, 0.13):
        first_write = path.stat().st_mtime_ns
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=repo)
        deadline = time.monotonic() + 60
        while path.stat().st_mtime_ns == first_write and time.monotonic() < deadline:
            time.sleep(0.005)  # the child is still importing: kill it once it writes, not before
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        loaded, _ = store.load(path, folder)  # parses, validates, matches the article
        assert loaded.quotes[1] == sample().quotes[1]
        notes.add(loaded.quotes[0].note[:5])
    assert len(notes) > 1  # the writer did get to replace the file between kills


def test_unsafe_yaml_is_refused(folder: Path) -> None:
    bad = folder / "bad.yaml"
    bad.write_text("!!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")
    with pytest.raises(store.StoreError) as err:
        store.read(bad)
    message = str(err.value.problems[0])
    assert message.startswith(f"{bad}:1:1: unsafe or unknown YAML tag refused")


def test_a_span_that_does_not_match_the_article_is_reported_not_repaired(folder: Path) -> None:
    path = folder / "a.yaml"
    quote = sample().quotes[0]
    shifted = replace(quote, cue=(Span(quote.cue[0].start + 1, quote.cue[0].end + 1, "told"),))
    store.save(replace(sample(), quotes=(shifted, sample().quotes[1])), path)
    before = path.read_bytes(), path.stat().st_mtime_ns
    with pytest.raises(store.StoreError) as err:
        store.load(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}: quote q1: cue [{shifted.cue[0].start}, {shifted.cue[0].end}) has text 'told' "
        "but the article has 'old '"
    ]
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before  # loading never writes


def test_a_changed_article_is_reported_by_its_hash(folder: Path) -> None:
    path = folder / "a.yaml"
    store.save(sample(), path)
    write_article(folder, text=TEXT.replace("useful", "usefull"))
    with pytest.raises(store.StoreError) as err:
        store.load(path)
    assert "text_sha256" in str(err.value) and "the article changed since it was annotated" in str(err.value)


def test_schema_errors_name_the_yaml_line_and_column(folder: Path) -> None:
    path = folder / "a.yaml"
    text = store.dumps(sample()).replace("review: accepted", "review: acepted")
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("acepted")].count("\n") + 1
    with pytest.raises(store.StoreError) as err:
        store.read(path)
    assert str(err.value.problems[0]) == (
        f"{path}:{line}:11: quotes/1/review: 'acepted' is not one of ['pending', 'accepted', 'corrected', 'rejected']"
    )


def test_duplicate_keys_and_syntax_errors_are_one_line_each(folder: Path) -> None:
    path = folder / "a.yaml"
    path.write_text(store.dumps(sample()) + "status: done\n", encoding="utf-8")
    with pytest.raises(store.StoreError, match="key 'status' appears twice"):
        store.read(path)
    path.write_text("doc_id: [unclosed\n", encoding="utf-8")
    with pytest.raises(store.StoreError) as err:
        store.read(path)
    assert str(err.value).startswith(f"{path}:2:1: YAML syntax") and "\n" not in str(err.value)


def test_a_new_file_gets_ordinary_permissions_and_an_old_one_keeps_its_own(folder: Path) -> None:
    path = folder / "a.yaml"
    store.save(sample(), path)
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()
    path.chmod(0o640)
    store.save(sample(), path)
    assert path.stat().st_mode & 0o777 == 0o640


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_the_background_writer_saves_the_newest_value(folder: Path) -> None:
    writer = store.Writer()
    path = folder / "w" / "a.yaml"
    for status in ("draft", "in_progress", "done"):
        writer.save(replace(sample(), status=status), path)  # type: ignore[arg-type]
    writer.close()
    assert store.read(path).status == "done"
    assert writer.errors == []


def test_where_an_annotator_was_is_kept_in_the_background_and_a_failure_there_is_no_unsaved_work(
    folder: Path,
) -> None:
    writer = store.Writer()
    store.save_session(folder / "ann", {"doc_id": "a", "quote_id": "q2"}, writer)
    (folder / "blocked").write_text("a file where a folder should be", encoding="utf-8")
    store.save_session(folder / "blocked", {"doc_id": "a", "quote_id": ""}, writer)  # cannot be written
    writer.close()
    assert store.load_session(folder / "ann") == {"doc_id": "a", "quote_id": "q2"}
    assert writer.unsaved() == {} and writer.errors == []


HOLDER = """
import sys, time
from pathlib import Path
from annotator import store
lock = store.FolderLock(Path(sys.argv[1]))
assert lock.acquire() is None
print("held", flush=True)
time.sleep(60)
"""


def test_a_folder_held_by_a_live_process_is_refused_and_freed_when_it_dies(folder: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder / "ann")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert store.FolderLock(folder / "ann").acquire() == holder.pid
    finally:
        holder.kill()  # killed, not closed: the kernel frees the lock all the same
        holder.communicate()
    lock = store.FolderLock(folder / "ann")
    assert lock.acquire() is None
    assert store.FolderLock(folder / "ann").acquire() == os.getpid()  # a second taker, even in this process
    lock.release()
    assert store.FolderLock(folder / "ann").acquire() is None


RACER = """
import sys, time
from pathlib import Path
from annotator import store
start = float(sys.argv[2])
while time.time() < start:
    pass
lock = store.FolderLock(Path(sys.argv[1]))
print("held" if lock.acquire() is None else "refused", flush=True)
time.sleep(3)
"""


def test_of_many_processes_started_at_once_exactly_one_holds_the_folder(folder: Path) -> None:
    for round_ in range(3):
        start = time.time() + 2.0
        racers = [
            subprocess.Popen(
                [sys.executable, "-c", RACER, str(folder / f"ann{round_}"), str(start)],
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(20)
        ]
        answers = [proc.communicate(timeout=60)[0].strip() for proc in racers]
        assert sorted(answers).count("held") == 1, answers
        assert answers.count("refused") == 19


def test_a_version_1_file_still_loads_and_is_written_as_the_current_version(folder: Path) -> None:
    path = folder / "a.yaml"
    text = store.dumps(sample()).replace("schema_version: 2", "schema_version: 1")
    text = re.sub(r"^(active_seconds|note): .*\n", "", text, flags=re.M)  # top-level lines only
    path.write_text(text, encoding="utf-8")
    loaded, _ = store.load(path)
    assert loaded == sample() and path.read_text(encoding="utf-8") == text  # loading never writes
    assert store.dumps(loaded).startswith("schema_version: 2\n")


def test_active_time_note_and_provenance_round_trip(folder: Path) -> None:
    from annotator.model import Provenance, Source

    gold = replace(
        sample(annotator="gold"),
        active_seconds=754,
        note="two quotes unclear:\nasked the lead",
        provenance=Provenance("carol", (Source("alice", "annotations/alice/a.yaml", "ab" * 32),)),
    )
    path = folder / "a.yaml"
    store.save(gold, path)
    assert store.load(path)[0] == gold
