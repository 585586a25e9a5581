"""Local worker processes that never outlive the command that started them:
Ctrl-C is the parent's to handle (it kills its workers, see
:func:`stop_workers`), and a worker whose parent dies, even by SIGKILL, ends
at once (Linux's parent-death signal) or within half a second (a thread that
checks its parent, on any system). Used by the sweep's process pool and the
dynamics' chunk pool; it changes no result."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

__all__ = ["PARENT_CHECK_SECONDS", "stop_workers", "worker_start"]


#: Seconds between a worker's checks that the process that started it is alive
#: (not a model number: how soon an orphaned worker notices and exits).
PARENT_CHECK_SECONDS = 0.5
#: prctl option PR_SET_PDEATHSIG (linux/prctl.h): a signal when the parent dies.
_PR_SET_PDEATHSIG = 1


def worker_start(parent: int) -> None:
    """Set up a local worker process: Ctrl-C is the parent's to handle (it stops
    the workers), and the worker ends when its parent dies, even by
    SIGKILL: at once through Linux's parent-death signal where there is one,
    and on any system by a thread that checks the parent is still there."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the thread below still ends the worker
    forked = os.getppid() == parent  # else started by a fork server or spawned

    def alive() -> bool:
        if forked:  # reparented once the parent dies (it may linger as a zombie)
            return os.getppid() == parent
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True

    def watch() -> None:
        while alive():
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """End a process pool now: queued tasks cancelled, running workers killed."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(timeout=5)
