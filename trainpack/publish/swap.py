"""The low-level parts of an atomic publish: a lock per output folder, the one-step
switch of two folders, and a fault-injection hook for the kill-during-publish tests.

Why a folder swap: readers (a trainer copying the pack, a sync client, the web app)
must see the old edition or the new one, never a mix.  The new edition is built
whole beside the old one and exchanged with it by ``renameat2(RENAME_EXCHANGE)``,
one system call on Linux.  Where that call is missing (another OS, a filesystem
that refuses it) two renames are used: old -> ``.previous-<edition>``, new ->
edition; a kill between them leaves no edition folder, and the next build (or
:func:`recover`) moves the previous one back before doing anything else.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

STAGING_PREFIX = ".staging-"
PREVIOUS_PREFIX = ".previous-"
FAULT_ENV = "TRAINPACK_PUBLISH_FAULT"  # "N" (SIGKILL after step N) or "N:interrupt"
NO_EXCHANGE_ENV = "TRAINPACK_PUBLISH_NO_EXCHANGE"  # "1": use the two-rename fallback

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class Busy(Exception):
    """Another build holds the output folder's lock."""


class FaultCounter:
    """Counts publish steps; with ``TRAINPACK_PUBLISH_FAULT=N`` stops the process after step N.

    ``N`` kills the process with SIGKILL (nothing runs after it: no ``finally``, no
    clean-up), as a power cut or ``kill -9`` would; ``N:interrupt`` raises
    KeyboardInterrupt as Ctrl-C would.  Unset, it only counts.
    """

    def __init__(self) -> None:
        spec = os.environ.get(FAULT_ENV, "")
        number, _, mode = spec.partition(":")
        self.stop_after = int(number) if number.isdigit() else 0
        self.mode = mode or "kill"
        self.steps: list[str] = []

    def step(self, name: str) -> None:
        self.steps.append(name)
        if self.stop_after and len(self.steps) == self.stop_after:
            if self.mode == "interrupt":  # a real SIGINT, so deferral applies as to Ctrl-C
                os.kill(os.getpid(), signal.SIGINT)
                return
            os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def folder_lock(root: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on the output folder itself (no lock file is left behind).

    A second build into the same folder waits, after saying so through ``on_wait``;
    the lock is released by the kernel when the process dies, so a killed build never
    leaves a stale lock.
    """
    fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(f"another build is writing into '{root}'; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _exchange_call() -> Callable[[bytes, bytes], int] | None:
    if os.environ.get(NO_EXCHANGE_ENV) == "1" or not hasattr(os, "uname"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int

    def call(a: bytes, b: bytes) -> int:
        if func(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE) == 0:
            return 0
        return ctypes.get_errno()

    return call


def switch(new: Path, target: Path, fault: FaultCounter) -> Path | None:
    """Put folder ``new`` at ``target`` in one step; return where the old edition now is.

    The caller removes the returned folder (None when there was no old edition).
    """
    if not os.path.lexists(target):
        os.rename(new, target)
        fault.step("switch: renamed the new edition into place")
        return None
    exchange = _exchange_call()
    if exchange is not None:
        code = exchange(os.fsencode(new), os.fsencode(target))
        if code == 0:
            fault.step("switch: exchanged the new and old editions")
            return new  # the old edition now sits at the staging name
        if code not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EPERM):
            raise OSError(code, os.strerror(code), str(target))
    previous = target.parent / f"{PREVIOUS_PREFIX}{target.name}"
    remove_tree(previous)
    os.rename(target, previous)
    fault.step("switch: moved the old edition aside")
    os.rename(new, target)
    fault.step("switch: renamed the new edition into place")
    return previous


def recover(root: Path, edition: str) -> bool:
    """Finish what a killed two-rename switch left: put the previous edition back.

    Call with the folder lock held.  Returns True when something was restored.
    """
    target, previous = root / edition, root / f"{PREVIOUS_PREFIX}{edition}"
    if previous.is_dir() and not previous.is_symlink() and not os.path.lexists(target):
        os.rename(previous, target)
        return True
    return False


def clean_stale(root: Path) -> list[str]:
    """Remove staging and previous-edition folders a killed build left (lock held)."""
    removed = []
    for entry in os.scandir(root):
        if entry.name.startswith((STAGING_PREFIX, PREVIOUS_PREFIX)):
            remove_tree(Path(entry.path))
            removed.append(entry.name)
    return removed


def remove_tree(path: Path) -> None:
    """Delete a folder we made, never following a symbolic link out of it."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Hold Ctrl-C back for a few statements so the switch and its record stay together."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    except ValueError:  # not the main interpreter
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            raise KeyboardInterrupt
