"""Where input from outside enters newsgraph, and the limits it is held to.

Every reader goes through this module, so each rule below is enforced in one place:

* **Only regular files inside the given trees** (:func:`walk`, :func:`open_regular`): a folder is
  walked without following symbolic links out of it (``--follow-symlinks`` follows them), and every
  file is opened without blocking and checked to be a regular file before a byte is read (a FIFO
  named ``*.txt`` or a link to ``/dev/zero`` is a failure, not a hang). An unreadable folder is a
  failure too.
* **Every read is bounded in bytes and time** (:class:`Limits`, :class:`BoundedFile`): a file read
  whole, one record of a file read record by record (a JSONL line, a WARC record), one URL.
* **Every exception while reading one input is that input's failure** (:func:`as_failure`), never
  the run's; except :class:`newsgraph.deps.MissingDependency`, a broken install, which stops the run.
* **Every string from outside is checked where it enters** (:func:`entering`): metadata cannot carry
  lone surrogates (no store or terminal can take them) or run to megabytes; an impossible
  ``published`` date is cleared; a text with a lone surrogate is refused (its offsets would be wrong
  after any repair).
"""
from __future__ import annotations

import os
import signal
import stat
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from newsgraph.deps import MissingDependency
from newsgraph.record import Article, Failure

MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    """What one input may cost. ``newsgraph ingest`` flags: --max-input-mb, --read-timeout,
    --follow-symlinks (README, "Limits")."""

    max_bytes: int = 20 * MB  # a file read whole (.txt, .html, a feed), one URL's response, one record
    #                           (a JSONL line, a WARC record's page): after decompression
    seconds: float = 30.0  # reading one input read whole, one record, or one URL (redirects, retries)
    follow_symlinks: bool = False  # follow links out of the given folders
    header_bytes: int = 1 * MB  # a WARC record's headers (WARC and HTTP)
    ratio: int = 200  # decompressed / compressed bytes of one record above which, past max_bytes, it is a bomb


DEFAULT = Limits()


class InputError(Exception):
    """An input broke a rule (too big, too slow, not a regular file): its message is the failure reason."""


class TooLarge(InputError):
    pass


class TooSlow(InputError):
    pass


# -- time -----------------------------------------------------------------------------------------

_alarm: list = []  # (seconds, what) of the time_limit running, if any


def _on_alarm(signum, frame):
    if _alarm:
        seconds, what = _alarm[-1]
        raise TooSlow(f"{what} not done within {seconds:g} s (limit: --read-timeout)")


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise TooSlow in the block when it runs longer than ``seconds`` (CPU-bound work too: parsing
    a pathological page). A timer signal, so only in a process's main thread (elsewhere, and inside
    another time_limit, the block runs unbounded). newsgraph's SIGALRM handler stays installed once
    set (it does nothing when no limit runs): one pair of timer calls per item, no more."""
    if (_alarm or not hasattr(signal, "setitimer") or seconds == float("inf")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return
    if signal.getsignal(signal.SIGALRM) is not _on_alarm:
        signal.signal(signal.SIGALRM, _on_alarm)
    _alarm.append((seconds, what))
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _alarm.clear()


def bounded_items(items: Iterator, seconds: float, what: str) -> Iterator:
    """The items of a reader, each one produced within ``seconds`` (one file, one record, one line)."""
    while True:
        with time_limit(seconds, what):
            try:
                item = next(items)
            except StopIteration:
                return
        yield item


# -- failures --------------------------------------------------------------------------------------

def describe(exc: BaseException, limit: int = 300) -> str:
    """``Class: message``, the message cut to ``limit`` characters (an exception may carry a
    megabyte of the input in its message)."""
    if isinstance(exc, InputError):
        return str(exc)[:limit]
    msg = str(exc)
    if len(msg) > limit:
        msg = msg[:limit] + "…"
    return f"{exc.__class__.__name__}: {msg}" if msg else exc.__class__.__name__


def as_failure(exc: BaseException, origin: str, *, position: int | None = None, id: str | None = None,
               what: str = "could not read") -> Failure:
    """The failure of one input (or one record of it) for an exception met while reading it.
    A broken install (MissingDependency) is re-raised: it stops the run, it is no bad input."""
    if isinstance(exc, MissingDependency):
        raise exc
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        raise exc
    reason = str(exc) if isinstance(exc, InputError) else f"{what}: {describe(exc)}"
    return Failure(origin=origin, reason=reason, position=position, id=id)


# -- names and strings from outside -----------------------------------------------------------------

MAX_FIELD_CHARS = 2000  # title, url, author, source, id


def path_str(path: str | os.PathLike) -> str:
    """A path as text that any store or terminal takes: bytes that are not UTF-8 (kept by Python as
    lone surrogates) shown as ``\\xNN``."""
    s = os.fspath(path)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return os.fsencode(s).decode("utf-8", "backslashreplace")


def clean_field(v: object) -> str | None:
    """A metadata value (title, url, author, source, id, origin, reason) fit to store and print: a
    str, lone surrogates as ``\\udXXX``, at most MAX_FIELD_CHARS characters."""
    if v is None:
        return None
    s = v if isinstance(v, str) else str(v)
    if len(s) > MAX_FIELD_CHARS:
        s = s[:MAX_FIELD_CHARS - 1] + "…"
    if not s.isascii():
        try:
            s.encode("utf-8")
        except UnicodeEncodeError:
            s = s.encode("utf-8", "backslashreplace").decode("utf-8")
    return s


def valid_day(value: object) -> str | None:
    """``YYYY-MM-DD`` (the first ten characters of an ISO date or date-time) when it is a real day."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    day = value[:10]
    if not (day[:4].isdigit() and day[4] == "-" and day[5:7].isdigit() and day[7] == "-" and day[8:10].isdigit()):
        return None
    try:
        date.fromisoformat(day)
    except ValueError:
        return None
    return day


def text_surrogate(text: str) -> int | None:
    """The index of the first lone surrogate in ``text``, or None."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
        return None
    except UnicodeEncodeError as exc:
        return exc.start


def entering(item):
    """The one check every item from a reader passes (Article, Failure or HtmlPage), in place."""
    if isinstance(item, Failure):
        item.origin = clean_field(item.origin) or "?"
        item.id = clean_field(item.id)
        item.reason = clean_field(item.reason) or "?"
        return item
    if isinstance(item, Article):
        at = text_surrogate(item.text) if isinstance(item.text, str) else None
        if at is not None:
            return Failure(origin=clean_field(item.source or item.id) or "?", id=clean_field(item.id),
                           reason=f"\"text\" is not valid Unicode (lone surrogate at character {at})")
        item.id = clean_field(item.id) or "?"
        for name in ("title", "url", "source", "author"):
            setattr(item, name, clean_field(getattr(item, name)))
        if item.published is not None:
            item.published = valid_day(item.published)
        return item
    # an HtmlPage: its text is decoded from bytes (no surrogates); its names come from outside
    item.origin = clean_field(item.origin) or "?"
    item.id = clean_field(item.id) or "?"
    item.url = clean_field(item.url)
    return item


# -- opening and reading files ----------------------------------------------------------------------

_KIND = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
         stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder", stat.S_IFLNK: "a symbolic link"}


def file_kind(mode: int) -> str:
    return _KIND.get(stat.S_IFMT(mode), "not a regular file")


class BoundedFile:
    """A binary file (or any stream with ``read``) whose reads stop at ``max_bytes`` and at a deadline:
    past either, a read raises TooLarge or TooSlow. ``reset`` starts a new budget (the next record)."""

    def __init__(self, raw, limits: Limits, what: str = "input", max_bytes: int | None = None):
        self.raw = raw
        self.limits = limits
        self.what = what
        self.max_bytes = limits.max_bytes if max_bytes is None else max_bytes
        self.reset()

    def reset(self, max_bytes: int | None = None) -> None:
        self.count = 0
        if max_bytes is not None:
            self.max_bytes = max_bytes
        self.deadline = time.monotonic() + self.limits.seconds

    def check(self, n: int) -> None:
        self.count += n
        if self.count > self.max_bytes:
            raise TooLarge(f"{self.what} larger than {self.max_bytes:,} bytes (limit: --max-input-mb)")
        if time.monotonic() > self.deadline:
            raise TooSlow(f"{self.what} not read within {self.limits.seconds:g} s (limit: --read-timeout)")

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            n = self.max_bytes - self.count + 1
        data = self.raw.read(n)
        self.check(len(data))
        return data

    def readline(self, n: int = -1) -> bytes:
        cap = self.max_bytes - self.count + 1
        data = self.raw.readline(cap if n is None or n < 0 else min(n, cap))
        self.check(len(data))
        return data

    def tell(self) -> int:
        return self.raw.tell()

    def close(self) -> None:
        self.raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_regular(path: Path, *, follow: bool = True) -> "os.FileIO":
    """``path`` opened for binary reading, only if it is a regular file (opened without blocking, so
    a FIFO cannot hang the run); ``follow=False`` refuses a symbolic link. Raises InputError/OSError."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"not a regular file: {file_kind(st.st_mode)}; only regular files are read")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return open(fd, "rb", buffering=1 << 16, closefd=True)
    except BaseException:
        os.close(fd)
        raise


def read_whole(path: Path, limits: Limits = DEFAULT) -> bytes:
    """The bytes of a regular file read whole, at most ``limits.max_bytes`` in ``limits.seconds``."""
    with open_regular(path) as fh:
        bf = BoundedFile(fh, limits, "file")
        chunks = []
        while True:
            chunk = bf.read(1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def count_lines(path: Path, limits: Limits = DEFAULT) -> int:
    """Non-blank lines of a regular file, read in bounded blocks within ``limits.seconds`` (a file
    of one endless line is one line); 1 for what cannot be read (it is one failure)."""
    n, blank = 0, True
    try:
        with open_regular(path) as fh:
            bf = BoundedFile(fh, limits, "file", max_bytes=1 << 62)
            while True:
                block = bf.read(1 << 20)
                if not block:
                    break
                parts = block.split(b"\n")
                for k, part in enumerate(parts):
                    if blank and part.strip():
                        blank = False
                    if k < len(parts) - 1:  # a newline ends this line
                        n += not blank
                        blank = True
        return n + (not blank)
    except (OSError, InputError):
        return 1


# -- walking the inputs ------------------------------------------------------------------------------

def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def walk(inputs: Iterable[str], suffix_ok, limits: Limits = DEFAULT) -> Iterator[Path | str | Failure]:
    """Each input in turn: a URL as a str, each file to read as a Path (a folder's regular files,
    recursively, sorted, whose suffix passes ``suffix_ok``), and a Failure for each thing in a folder
    that is not read and should have been: a link out of the folder (unless ``follow_symlinks``), a
    broken link, a FIFO or device with a readable name, a folder that cannot be listed."""
    for item in inputs:
        if item.startswith(("http://", "https://")):
            yield item
            continue
        if not item:
            yield Failure(origin="''", reason="an empty path: name a file, a folder or a URL")
            continue
        p = Path(item)
        try:
            is_dir = p.is_dir()
        except (OSError, ValueError) as exc:  # a name too long, a NUL byte
            yield Failure(origin=path_str(item), reason=f"cannot read: {getattr(exc, 'strerror', None) or exc}")
            continue
        if not is_dir:
            yield p  # named by the user: read it if it is a regular file (open_regular checks)
            continue
        root = os.path.realpath(p)
        visited: set[str] = set()

        def onerror(exc: OSError) -> None:
            errors.append(exc)

        errors: list[OSError] = []
        for top, dirs, names in os.walk(p, onerror=onerror, followlinks=limits.follow_symlinks):
            while errors:
                e = errors.pop(0)
                yield Failure(origin=path_str(e.filename or top), reason=f"cannot read folder: {e.strerror or e}")
            if limits.follow_symlinks:  # no loops through links
                real_top = os.path.realpath(top)
                if real_top in visited:
                    dirs[:] = []
                    continue
                visited.add(real_top)
            dirs.sort()
            keep = []
            for d in dirs:
                full = os.path.join(top, d)
                if os.path.islink(full) and not limits.follow_symlinks:
                    real = os.path.realpath(full)
                    if not _inside(real, root):
                        yield Failure(origin=path_str(full), reason=f"a symbolic link out of the input folder "
                                      f"(to {path_str(real)}): not read; --follow-symlinks reads it")
                    continue  # a link inside the tree: its files are read where they are
                keep.append(d)
            dirs[:] = keep
            for n in sorted(names):
                f = Path(top) / n
                if not suffix_ok(f):
                    continue
                try:
                    lst = os.lstat(f)
                except OSError as exc:
                    yield Failure(origin=path_str(f), reason=f"cannot read file: {exc.strerror or exc}")
                    continue
                if stat.S_ISLNK(lst.st_mode):
                    real = os.path.realpath(f)
                    if not os.path.exists(real):
                        yield Failure(origin=path_str(f), reason=f"a broken symbolic link (to {path_str(real)})")
                        continue
                    if not limits.follow_symlinks and not _inside(real, root):
                        yield Failure(origin=path_str(f), reason=f"a symbolic link out of the input folder "
                                      f"(to {path_str(real)}): not read; --follow-symlinks reads it")
                        continue
                elif not stat.S_ISREG(lst.st_mode):
                    yield Failure(origin=path_str(f), reason=f"not a regular file: {file_kind(lst.st_mode)}; "
                                                             "only regular files are read")
                    continue
                yield f
        while errors:
            e = errors.pop(0)
            yield Failure(origin=path_str(e.filename or p), reason=f"cannot read folder: {e.strerror or e}")
