"""Writing files so that nothing is ever half written: temporary file, fsync, rename."""

from __future__ import annotations

import os
import tempfile
import threading
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
    by hand in an editor, is not overwritten. A failed or refused write is kept in
    ``errors`` for the caller to show.
    """

    def __init__(self) -> None:
        self._pending: dict[Path, Callable[[], str]] = {}
        self._seen: dict[Path, tuple[int, int]] = {}  # what each file was when last read or written
        self._cond = threading.Condition()
        self._busy = False
        self._closed = False
        self.errors: list[str] = []
        self._thread = threading.Thread(target=self._run, name="annotation-writer", daemon=True)
        self._thread.start()

    def submit(self, path: Path, render: Callable[[], str]) -> None:
        """Write ``render()`` to ``path`` soon (rendered in the background too)."""
        with self._cond:
            self._pending[path] = render
            self._cond.notify_all()

    def expect(self, path: Path) -> None:
        """Remember ``path`` as it is now (just read): a later change on disk is someone else's."""
        with self._cond:
            if path not in self._pending:
                self._seen[path] = _stamp(path)

    def flush(self) -> None:
        with self._cond:
            while self._pending or self._busy:
                self._cond.wait()

    def close(self) -> None:
        self.flush()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait()
                if self._closed and not self._pending:
                    return
                path, render = self._pending.popitem()
                self._busy = True
            try:
                if path in self._seen and _stamp(path) != self._seen[path]:
                    self.errors.append(
                        f"{path}: changed on disk outside the annotator since it was opened; not overwritten "
                        "(reopen the annotator to see that version; your change here was not saved)"
                    )
                    continue
                write_atomic(path, render())
                self._seen[path] = _stamp(path)
            except Exception as err:  # noqa: BLE001  (the UI must hear of any failure)
                reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
                self.errors.append(f"{path}: could not save ({reason})")
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except FileNotFoundError:
        return (0, -1)
    return info.st_mtime_ns, info.st_size


class FolderLock:
    """Marks an annotator's folder as open, so that a second annotator process on the same
    folder is refused instead of silently overwriting the first one's saves."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / ".lock"
        self.held = False

    def holder(self) -> int | None:
        """The live process holding the folder, if another one does."""
        try:
            pid = int(self.path.read_text(encoding="utf-8").split()[0])
        except (OSError, ValueError, IndexError):
            return None
        if pid == os.getpid():
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None  # a stale lock: its process is gone
        except PermissionError:
            return pid  # alive, someone else's
        return pid

    def acquire(self) -> int | None:
        """Take the folder; returns the other process's id instead when it is taken."""
        if (pid := self.holder()) is not None:
            return pid
        write_atomic(self.path, f"{os.getpid()}\n")
        self.held = True
        return None

    def release(self) -> None:
        if self.held and self.holder() is None:
            try:
                if self.path.read_text(encoding="utf-8").split()[0] == str(os.getpid()):
                    self.path.unlink()
            except (OSError, IndexError):
                pass
        self.held = False
