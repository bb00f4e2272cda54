"""Writing files so that nothing is ever half written: temporary file, fsync, rename."""

from __future__ import annotations

import fcntl
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (0666 less umask)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on every platform
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BackgroundWriter:
    """Writes files in a background thread so that a key press never waits for the disk.

    Each ``submit`` replaces what is waiting for the same path (only the newest text
    matters); every write is still atomic, and ``flush`` waits until all are on disk.
    A file that changed on disk since it was read (``expect``) or last written here, say
    by hand in an editor, is not overwritten.

    Nothing is forgotten: a write that failed (disk full, no permission) or was refused
    (changed on disk) stays in ``unsaved()`` with its reason until a later write of the
    same file succeeds, ``retry`` gets it on disk, ``save_copy`` puts it beside the file,
    or ``discard`` gives it up.  Each new failure is also queued in ``errors`` for the
    caller to announce, and ``listener`` (if given) is called from the writer thread
    whenever what is unsaved changes.
    """

    def __init__(self, listener: Callable[[], object] | None = None) -> None:
        self._pending: dict[Path, Callable[[], str]] = {}
        self._seen: dict[Path, tuple[int, int, int]] = {}  # each file as last read or written here
        self._failed: dict[Path, tuple[str, Callable[[], str]]] = {}  # reason, and what was to be written
        self._quiet: set[Path] = set()  # files whose failure does not matter (never unsaved)
        self._cond = threading.Condition()
        self._busy: Path | None = None
        self._closed = False
        self.errors: list[str] = []
        self.listener = listener
        self._thread = threading.Thread(target=self._run, name="annotation-writer", daemon=True)
        self._thread.start()

    def submit(self, path: Path, render: Callable[[], str], *, quiet: bool = False) -> None:
        """Write ``render()`` to ``path`` soon (rendered in the background too).  ``quiet``: a
        file that may be lost (where an annotator was): a failure is dropped, never unsaved."""
        with self._cond:
            if quiet:
                self._quiet.add(path)
            self._pending[path] = render
            self._cond.notify_all()

    def expect(self, path: Path) -> None:
        """Remember ``path`` as it is now (just read): a later change on disk is someone else's."""
        with self._cond:
            if path not in self._pending and path not in self._failed:
                self._seen[path] = _stamp(path)

    def unsaved(self) -> dict[Path, str]:
        """Every file whose newest content is not on disk, with the reason (failed or refused
        writes, and writes still waiting)."""
        with self._cond:
            waiting = {p: "still being written" for p in self._pending}
            if self._busy is not None:
                waiting[self._busy] = "still being written"
            return {**{p: reason for p, (reason, _) in self._failed.items()}, **waiting}

    def retry(self, path: Path, *, overwrite: bool = False) -> None:
        """Try an unsaved file again; ``overwrite`` writes even over a change made on disk."""
        with self._cond:
            if path not in self._failed:
                return
            _, render = self._failed[path]
            if overwrite:
                self._seen.pop(path, None)
            self._pending.setdefault(path, render)
            self._cond.notify_all()

    def save_copy(self, path: Path) -> Path:
        """Write an unsaved file's content beside it, as ``<name>.unsaved-<time>`` (never listed as
        an annotation), and give up saving it in place. Returns the copy's path; OSError when it
        cannot be written either."""
        with self._cond:
            _, render = self._failed[path]
        copy = path.with_name(f"{path.name}.unsaved-{time.strftime('%Y%m%dT%H%M%S')}")
        write_atomic(copy, render())
        self.discard(path)
        return copy

    def discard(self, path: Path) -> None:
        """Give up an unsaved file's content (what is on disk stays as it is)."""
        with self._cond:
            self._failed.pop(path, None)
            self._seen.pop(path, None)
            if path.exists():
                self._seen[path] = _stamp(path)
        self._changed()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until nothing is waiting to be written; False when ``timeout`` ran out first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._pending or self._busy is not None:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def close(self) -> None:
        self.flush()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=5)

    def _changed(self) -> None:
        if self.listener is not None:
            self.listener()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait()
                if self._closed and not self._pending:
                    return
                path, render = self._pending.popitem()
                self._busy = path
                seen = self._seen.get(path)
            problem = self._write(path, render, seen)
            with self._cond:
                if problem and path not in self._quiet:
                    self._failed[path] = (problem, render)
                    self.errors.append(f"{path}: {problem}")
                else:
                    self._failed.pop(path, None)
                self._busy = None
                self._cond.notify_all()
            self._changed()

    def _write(self, path: Path, render: Callable[[], str], seen: tuple[int, int, int] | None) -> str:
        """Write one file; the reason it was not written, or "" when it was."""
        if seen is not None and _stamp(path) != seen:
            return "changed on disk outside the annotator since it was opened; not overwritten"
        try:
            write_atomic(path, render())
        except Exception as err:  # noqa: BLE001  (the UI must hear of any failure)
            reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
            return f"could not save ({reason})"
        with self._cond:
            self._seen[path] = _stamp(path)
        return ""


def _stamp(path: Path) -> tuple[int, int, int]:
    try:
        info = path.stat()
    except FileNotFoundError:
        return (0, -1, 0)
    return info.st_mtime_ns, info.st_size, info.st_ino


def remove_stray_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files a killed write left in ``folder`` (only call this while the
    folder is locked: a live writer's temporary file must not be taken). Returns them."""
    removed = []
    try:
        candidates = list(folder.glob(".*.tmp"))
    except OSError:
        return []
    for path in candidates:
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


class FolderLock:
    """Marks an annotator's folder as open, so that a second annotator process on the same
    folder is refused instead of silently overwriting the first one's saves.

    An OS lock (``flock``) on ``<folder>/.lock``: the kernel grants it to one process at a
    time, however many start at once, and releases it when that process ends, however it
    ends, so a lock is never stale.  The holder's pid is written into the file only for
    the message that names it.  The file itself is never removed (removing it would let a
    newcomer lock a fresh file while another still holds the old one)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / ".lock"
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> int | None:
        """Take the folder; returns the holder's pid instead when another process has it
        (0 when its pid cannot be read).  OSError when the folder cannot be written."""
        if self._fd is not None:
            return None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            return pid
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return None

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None


def _read_pid(fd: int) -> int:
    try:
        return int(os.pread(fd, 32, 0).split()[0])
    except (OSError, ValueError, IndexError):
        return 0
