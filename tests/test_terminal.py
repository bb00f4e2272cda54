"""One end-to-end run in a real terminal: tmux, send-keys, capture-pane, then the saved file."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator import store
from tests.conftest import IN_CI
from tests.test_tui import FIRST, drafts, work  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, text: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = screen(session)
        if text in shown:
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{shown}")


def test_accept_change_speaker_quit_in_tmux(work: Path) -> None:  # noqa: F811
    if shutil.which("tmux") is None:
        if IN_CI:
            pytest.fail("tmux is missing: .ci/run installs it")
        pytest.skip("tmux is not installed")
    session = f"annotator-e2e-{time.monotonic_ns()}"
    app = f"{shlex.quote(sys.executable)} -m annotator annotate seeds --annotator erin"
    command = f"sleep 0.5; cd {shlex.quote(str(work))} && {app}"  # let tmux size the pane first
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "35", command)
    try:
        wait_for(session, "annotator: erin")
        wait_for(session, "0/10")
        tmux("send-keys", "-t", session, "a")
        wait_for(session, "1/10")  # the article list counts the reviewed quote
        tmux("send-keys", "-t", session, "s")
        wait_for(session, "Who said it?")
        tmux("send-keys", "-t", session, "jaz")
        wait_for(session, "Al Jazeera")
        tmux("send-keys", "-t", session, "Enter")
        shown = wait_for(session, "speaker  Al Jazeera")
        assert "Traceback" not in shown
        tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 15
        while subprocess.run(["tmux", "has-session", "-t", session], capture_output=True).returncode == 0:
            assert time.monotonic() < deadline, "the app did not quit"
            time.sleep(0.2)
    finally:
        tmux("kill-session", "-t", session)
    annotation, _ = store.load(work / "annotations" / "erin" / f"{FIRST}.yaml", work)
    first, second = annotation.quotes[0], annotation.quotes[1]
    assert first.review == "accepted"
    assert annotation.speaker_name(second) == "Al Jazeera" and second.review == "corrected"
    assert annotation.status == "in_progress"
