"""The detector in a process of its own, for the app.

Parsing a long article holds the interpreter for seconds; in a thread of the app's own
process that would freeze the screen.  Here the pipeline is loaded once in a child process
(``python -m annotator.detect.process``) and each request travels over its standard input and
output, so the app's thread only waits on I/O.  Closing ends the child at once: quitting
never waits for spaCy.  (A plain subprocess, not multiprocessing: that one passes the
parent's stderr to its helpers, which a full-screen app has replaced.)

Nothing here imports spaCy in the app's process.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import threading
from typing import IO, Any

from annotator.detect import LONG
from annotator.errors import UserError
from annotator.model import Annotation

Candidate = tuple[str, str]
_HEADER = struct.Struct(">Q")
CHILD_NICENESS = 10  # the detector's process yields the CPU to the app (on two cores, keys lagged 0.4 s)


def _send(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # noqa: S301  (our own child, over our own pipe)


def serve(model: str | None) -> None:
    """The child: answer requests on stdin until it closes.  Anything else the libraries print
    goes nowhere, so it can neither corrupt the answers nor draw over the app's screen."""
    answers = os.fdopen(os.dup(1), "wb")
    requests = os.fdopen(os.dup(0), "rb")
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    if hasattr(os, "nice"):
        os.nice(CHILD_NICENESS)  # loading spaCy takes seconds of CPU: the app's keys come first
    from annotator.detect.service import analyse

    while True:
        try:
            text, doc_id, article = _receive(requests)
        except EOFError:
            return
        try:
            _send(answers, ("ok", *analyse(text, doc_id, article, model)))
        except UserError as err:
            _send(answers, ("error", str(err)))
        except Exception as err:  # noqa: BLE001  (the app must hear of any failure, in one line)
            _send(answers, ("error", f"the detector failed on {doc_id}: {type(err).__name__}: {err}"))


class DetectorProcess:
    """Requests to child processes that hold the pipeline, from any thread: one child for the
    usual articles, one at a time, and another for long ones (over ``LONG`` characters, a
    minute or more of parsing), so that a long article never holds up the drafts of the others.
    Each child starts at its first request."""

    def __init__(self, model: str | None = None) -> None:
        self.model = model
        self._lanes = {False: _Child(model), True: _Child(model)}

    def analyse(self, text: str, doc_id: str, article: str) -> tuple[Annotation, list[Candidate]]:
        """The draft and named candidates for one article; UserError when the detector cannot
        give them (no pipeline installed, the child died, or the detector was closed)."""
        return self._lanes[len(text) > LONG].analyse(text, doc_id, article)

    def close(self) -> None:
        """End the children now, even mid-request (a waiting thread then gets a UserError)."""
        for lane in self._lanes.values():
            lane.close()


class _Child:
    """One child process, one request at a time."""

    def __init__(self, model: str | None) -> None:
        self.model = model
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None
        self._closed = False

    def analyse(self, text: str, doc_id: str, article: str) -> tuple[Annotation, list[Candidate]]:
        with self._lock:
            if self._closed:
                raise UserError("the detector was closed")
            child = self._start()
            assert child.stdin is not None and child.stdout is not None
            try:
                _send(child.stdin, (text, doc_id, article))
                answer = _receive(child.stdout)
            except (EOFError, OSError, pickle.UnpicklingError):
                self._stop()
                raise UserError(f"the detector stopped while reading {doc_id}") from None
        if answer[0] == "error":
            raise UserError(answer[1])
        return answer[1], answer[2]

    def _start(self) -> subprocess.Popen[bytes]:
        if self._child is not None and self._child.poll() is None:
            return self._child
        args = [sys.executable, "-m", "annotator.detect.process"]
        if self.model:
            args.append(self.model)
        self._child = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, close_fds=True
        )
        return self._child

    def _stop(self) -> None:
        if self._child is not None:
            self._child.kill()
            self._child.wait(timeout=5)
            for stream in (self._child.stdin, self._child.stdout):
                if stream is not None:
                    stream.close()
        self._child = None

    def close(self) -> None:
        self._closed = True
        child = self._child
        if child is not None:
            child.kill()  # first: a thread waiting on its answer then reads the end of the pipe
            child.wait(timeout=5)
            for stream in (child.stdin, child.stdout):
                if stream is not None:
                    try:
                        stream.close()
                    except OSError:
                        pass


if __name__ == "__main__":
    serve(sys.argv[1] if len(sys.argv) > 1 else None)
