"""The one task runner: every database call runs on one worker thread, results come back by signal.

The GUI thread never holds a ``Desk``. One dedicated thread owns the desk and its SQLite
connection and runs database work in order, one job at a time, so two writes never race
and the GUI never waits on the disk. Network work (sync, downloads) runs in a small
separate pool so a slow server never holds up a search. Results and errors are posted back
to the GUI thread (the pattern of Anki's ``aqt/taskman.py``: closures queued under a lock,
one queued signal drains them).

``run_db(fn, on_done, on_error, key=...)``: ``fn(desk)`` runs on the worker. A ``key``
makes jobs coalesce: when a newer job with the same key is queued, an older one that has
not started is skipped and its result never delivered (search as you type).

Long work takes a ``Progress``: ``fn(desk, progress)`` calls ``progress.report(done,
total)`` and checks ``progress.cancelled``; ``run_long`` shows a cancellable dialog.
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

if TYPE_CHECKING:
    from relocdesk.desk import Desk

log = logging.getLogger("relocdesk.ui.tasks")

DoneFn = Callable[[Any], None]
READERS = 2
ErrorFn = Callable[[BaseException], None]


class Progress:
    """Passed to long work: report how far it got, and see whether the person cancelled."""

    def __init__(self, post: Callable[[int, int, str], None] | None = None) -> None:
        self._post = post
        self._cancel = threading.Event()
        self._last_post = 0.0
        self.done = 0
        self.total = 0

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def report(self, done: int, total: int, text: str = "") -> None:
        self.done, self.total = done, total
        now = time.monotonic()
        # Posting every row of a 40,000-row import would flood the GUI thread's queue.
        if self._post is not None and (now - self._last_post > 0.05 or done >= total):
            self._last_post = now
            self._post(done, total, text)


class Cancelled(Exception):
    """Raised by long work that stopped because the person cancelled it."""


class Task:
    """A queued job; ``cancel()`` skips it if it has not started and drops its result."""

    def __init__(
        self,
        fn: Callable[..., Any],
        on_done: DoneFn | None,
        on_error: ErrorFn | None,
        key: str | None,
        generation: int,
        progress: Progress | None,
    ) -> None:
        self.fn = fn
        self.on_done = on_done
        self.on_error = on_error
        self.key = key
        self.generation = generation
        self.progress = progress
        self.dropped = False

    def cancel(self) -> None:
        self.dropped = True
        if self.progress is not None:
            self.progress.cancel()


class DatabaseGuard:
    """Debug mode for tests: record every SQL statement run on a thread other than the worker.

    The worker's connection already refuses use from another thread (check_same_thread);
    this also catches a second connection opened on the GUI thread.
    """

    def __init__(self) -> None:
        self.violations: list[str] = []
        self.statements = 0
        self.worker: threading.Thread | None = None  # the thread of the first desk attached
        self.threads: list[str] = []

    def attach(self, desk: Desk) -> None:
        """Call on the thread that owns ``desk``: only that thread may run its statements."""
        owner = threading.current_thread()
        self.worker = self.worker or owner
        self.threads.append(owner.name)

        def trace(sql: str) -> None:
            self.statements += 1
            if threading.current_thread() is not owner:
                self.violations.append(f"{threading.current_thread().name}: {sql[:120]}")

        desk.trace_statements(trace)


class _Worker:
    """A thread with its own desk, running jobs from a queue one at a time.

    Readers share one queue, so a long read (a report) keeps one reader busy while the
    other still answers a keystroke.
    """

    def __init__(
        self,
        name: str,
        runner: TaskRunner,
        jobs: queue.Queue[Task | None] | None = None,
        open_first: Callable[[], Desk | None] | None = None,
    ) -> None:
        self.runner = runner
        self.desk: Desk | None = None
        self.jobs: queue.Queue[Task | None] = jobs if jobs is not None else queue.Queue()
        self.open_first = open_first
        self.thread = threading.Thread(target=self._work, name=name, daemon=True)
        self.thread.start()

    def _work(self) -> None:
        if self.open_first is not None:
            self.desk = self.open_first()
        while True:
            task = self.jobs.get()
            if task is None:
                if self.desk is not None:
                    self.desk.close()
                    self.desk = None
                return
            if self.runner._stale(task):
                closure: Callable[[], None] = functools.partial(_keep, task)
            else:
                try:
                    value = task.fn(self.desk)
                except BaseException as e:
                    closure = self.runner._error_closure(task, e)
                else:
                    closure = self.runner._done_closure(task, value)
                    del value
            del task
            self.runner._hand_over([closure])
            del closure


class TaskRunner(QObject):
    """Owns the database workers and the network pool; lives on the GUI thread.

    Two database threads, each with its own connection: the *writer* (``run_db``) runs
    every write and ordinary reads in order; the *reader* (``run_read``) serves what a
    person waits for while typing or clicking (search, lists, the household file), so a
    long report query queued on the writer never holds up a keystroke. SQLite's WAL lets
    the reader see every committed write at once.
    """

    _pending_signal = Signal()

    def __init__(
        self, parent: QObject | None = None, *, guard: DatabaseGuard | None = None
    ) -> None:
        super().__init__(parent)
        self.guard = guard
        self._closures: list[Callable[[], None]] = []
        self._lock = threading.Lock()
        self._generations: dict[str, int] = {}
        self._net = ThreadPoolExecutor(max_workers=3, thread_name_prefix="relocdesk-net")
        self._pending_signal.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        self._writer_ready = threading.Event()
        self._readers_ready = threading.Event()
        self._readers_opened = 0
        self._writer = _Worker("relocdesk-db", self)
        self._read_jobs: queue.Queue[Task | None] = queue.Queue()
        self._readers = [
            _Worker(f"relocdesk-read-{n}", self, self._read_jobs, self._open_reader)
            for n in range(1, READERS + 1)
        ]
        self._closed = False
        self.path: Path | None = None

    # -- opening -------------------------------------------------------------------------
    def open(
        self,
        opener: Callable[[], Desk],
        on_done: DoneFn | None = None,
        on_error: ErrorFn | None = None,
    ) -> Task:
        """Run ``opener()`` on the worker (open, migrate, maybe build the demo); keep the desk."""

        def run(_: Desk | None) -> dict[str, Any]:
            # A failed open leaves the readers waiting: a later open (a backup put in place
            # of a damaged file: ui.damaged_start) may succeed; close() lets them stop.
            desk = opener()
            self._writer.desk = desk
            self.path = desk.path
            if self.guard is not None:
                self.guard.attach(desk)
            self._writer_ready.set()
            # Opening a desk checks migrations, which may take the write lock for a moment:
            # let the readers open before any page's long write transaction can start.
            self._readers_ready.wait(10)
            return {"path": desk.path, "community_id": desk.community_id}

        return self._submit(run, on_done, on_error, None, needs_desk=False)

    def _open_reader(self) -> Desk | None:
        """Runs first on each reader thread: its own desk, once the writer has migrated."""
        from relocdesk.desk import Desk

        self._writer_ready.wait()
        desk = None
        try:
            if self.path is not None:
                desk = Desk(self.path)
                if self.guard is not None:
                    self.guard.attach(desk)
        except Exception:
            log.exception("a reader could not open the database")
        finally:
            with self._lock:
                self._readers_opened += 1
                if self._readers_opened == len(self._readers):
                    self._readers_ready.set()
        return desk

    @property
    def is_open(self) -> bool:
        return self._writer.desk is not None

    # -- database work -------------------------------------------------------------------
    def run_db(
        self,
        fn: Callable[[Desk], Any],
        on_done: DoneFn | None = None,
        on_error: ErrorFn | None = None,
        *,
        key: str | None = None,
    ) -> Task:
        """Run ``fn(desk)`` on the database writer; deliver its result on the GUI thread."""
        return self._submit(fn, on_done, on_error, key)

    def run_read(
        self,
        fn: Callable[[Desk], Any],
        on_done: DoneFn | None = None,
        on_error: ErrorFn | None = None,
        *,
        key: str | None = None,
    ) -> Task:
        """Run a read-only ``fn(desk)`` on the reader: for what a person is waiting for.

        Never write here (the writer keeps writes in order); a read queued after a save's
        ``on_done`` sees that save.
        """
        return self._submit(fn, on_done, on_error, key, worker=self._readers[0])

    def run_long(
        self,
        fn: Callable[[Desk, Progress], Any],
        on_done: DoneFn | None = None,
        on_error: ErrorFn | None = None,
        *,
        parent: QWidget | None = None,
        label: str = "",
        network: bool = False,
    ) -> Task:
        """Long work with a progress dialog and a Cancel button; ``fn(desk, progress)``.

        With ``network=True`` the job runs in the network pool and gets ``desk=None``.
        """
        dialog = progress_dialog(parent, label)
        progress = Progress(lambda d, t, s: self._post(lambda: _show(dialog, d, t, s)))
        dialog.canceled.connect(progress.cancel)

        def finished(value: Any) -> None:
            dialog.reset()
            dialog.deleteLater()
            if on_done is not None:
                on_done(value)

        def failed(err: BaseException) -> None:
            dialog.reset()
            dialog.deleteLater()
            if on_error is not None:
                on_error(err)
            else:
                _report_unhandled(err)

        if network:
            net_fn: Callable[[Any, Progress], Any] = fn
            return self.run_net(lambda: net_fn(None, progress), finished, failed, progress=progress)
        task = Task(lambda desk: fn(desk, progress), finished, failed, None, 0, progress)
        self._writer.jobs.put(task)
        dialog.show()
        return task

    def barrier(self, on_done: Callable[[], None]) -> None:
        """Call ``on_done`` once every database job queued before it (both threads) is done."""
        left = [2]

        def one(_v: Any) -> None:
            left[0] -= 1
            if left[0] == 0:
                on_done()

        self._submit(lambda _d: None, one, None, None, needs_desk=False)
        # Every reader must take one of these before any later job, and can only take it
        # once done with what it was running: when they all meet, earlier reads are done.
        meet = threading.Barrier(len(self._readers))

        def wait(_d: Desk | None) -> None:
            meet.wait(60)

        for n in range(len(self._readers)):
            self._submit(
                wait,
                one if n == 0 else None,
                None,
                None,
                needs_desk=False,
                worker=self._readers[0],
            )

    # -- network work --------------------------------------------------------------------
    def run_net(
        self,
        fn: Callable[[], Any],
        on_done: DoneFn | None = None,
        on_error: ErrorFn | None = None,
        *,
        progress: Progress | None = None,
    ) -> Task:
        """Run ``fn()`` in the network pool (no desk: hand results to run_db to store them)."""
        task = Task(fn, on_done, on_error, None, 0, progress)
        self._net.submit(self._run_net, [task])
        return task

    def _run_net(self, box: list[Task]) -> None:
        # The pool keeps only the box: the task leaves this thread inside the closure
        # handed over (see _hand_over).
        task = box.pop()
        if task.dropped:
            closure: Callable[[], None] = functools.partial(_keep, task)
        else:
            try:
                value = task.fn()
            except BaseException as e:
                closure = self._error_closure(task, e)
            else:
                closure = self._done_closure(task, value)
                del value
        del task
        self._hand_over([closure])
        del closure

    def run_on_main(self, closure: Callable[[], None]) -> None:
        """Call ``closure`` on the GUI thread soon (safe from any thread)."""
        self._post(closure)

    # -- shutting down -------------------------------------------------------------------
    def close(self, timeout: float = 10.0) -> None:
        """Finish queued work, close the desk on its own thread, stop the threads: network
        jobs not started are dropped, a running one gets what is left of ``timeout``."""
        if self._closed:
            return
        self._closed = True
        deadline = time.monotonic() + timeout
        self._writer_ready.set()  # never opened: let the readers stop
        for _reader in self._readers:
            self._read_jobs.put(None)
        self._writer.jobs.put(None)
        self._net.shutdown(wait=False, cancel_futures=True)
        # The pool's threads were left running before: each window closed left up to three.
        threads = [w.thread for w in (*self._readers, self._writer)] + list(self._net._threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    # -- internals -----------------------------------------------------------------------
    def _submit(
        self,
        fn: Callable[[Any], Any],
        on_done: DoneFn | None,
        on_error: ErrorFn | None,
        key: str | None,
        *,
        needs_desk: bool = True,
        worker: _Worker | None = None,
    ) -> Task:
        target = worker or self._writer
        generation = 0
        if key is not None:
            generation = self._generations.get(key, 0) + 1
            self._generations[key] = generation
        if needs_desk:
            inner = fn

            def fn(desk: Desk | None) -> Any:
                if desk is None:
                    raise RuntimeError("the database is not open yet")
                return inner(desk)

        task = Task(fn, on_done, on_error, key, generation, None)
        target.jobs.put(task)
        return task

    def _stale(self, task: Task) -> bool:
        return task.dropped or (
            task.key is not None and self._generations.get(task.key, 0) != task.generation
        )

    def _done_closure(self, task: Task, value: Any) -> Callable[[], None]:
        def done() -> None:
            if not self._stale(task) and task.on_done is not None:
                task.on_done(value)

        return done

    def _error_closure(self, task: Task, err: BaseException) -> Callable[[], None]:
        if not isinstance(err, (Cancelled,)):
            log.debug("task failed", exc_info=err)

        def failed() -> None:
            if self._stale(task) and not isinstance(err, Cancelled):
                return
            if task.on_error is not None:
                task.on_error(err)
            elif not isinstance(err, Cancelled):
                _report_unhandled(err)

        return failed

    def _hand_over(self, box: list[Callable[[], None]]) -> None:
        """Post the closure in ``box``, whose caller holds no other reference to it.

        A task holds its callbacks and what they captured: widgets, progress dialogs. If a
        worker still held it when the GUI thread had finished with it, the worker would free
        those Qt objects on its own thread, and Qt crashes (seen: a segmentation fault on the
        line that takes the next job). Taking the closure out of the box under the lock the
        GUI thread drains with makes the GUI thread's reference the last one."""
        with self._lock:
            self._closures.append(box.pop())
        self._pending_signal.emit()

    def _post(self, closure: Callable[[], None]) -> None:
        with self._lock:
            self._closures.append(closure)
        self._pending_signal.emit()

    @Slot()
    def _drain(self) -> None:
        with self._lock:
            todo, self._closures = self._closures, []
        if self._closed:
            # The window these results were for is gone (a network job outlives close()):
            # handing them over would touch deleted widgets.
            return
        for closure in todo:
            try:
                closure()
            except Exception:  # a failing callback must not stop the others
                log.exception("callback failed")
                _report_unhandled_current()


def _keep(_task: Task) -> None:
    """Posted for a task that delivers nothing, so it is freed on the GUI thread too."""


def _report_unhandled(err: BaseException) -> None:
    import sys

    hook = sys.excepthook
    hook(type(err), err, err.__traceback__)


def _report_unhandled_current() -> None:
    import sys

    exc = sys.exc_info()
    if exc[0] is not None:
        sys.excepthook(exc[0], exc[1], exc[2])  # type: ignore[arg-type]


def progress_dialog(parent: QWidget | None, label: str) -> QProgressDialog:
    """A modal progress dialog with a Cancel button, shown only if the work takes a while."""
    dialog = QProgressDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("tasks", "Working"))
    dialog.setLabelText(label or QCoreApplication.translate("tasks", "Please wait…"))
    dialog.setCancelButtonText(QCoreApplication.translate("tasks", "Cancel"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setRange(0, 0)
    dialog.setValue(0)
    return dialog


def _show(dialog: QProgressDialog, done: int, total: int, text: str) -> None:
    if total > 0:
        dialog.setRange(0, total)
        dialog.setValue(min(done, total))
    if text:
        dialog.setLabelText(text)


def wait_for(predicate: Callable[[], bool], timeout_ms: int = 10000) -> bool:
    """Spin the GUI event loop until ``predicate()`` holds (start-up and tests)."""
    app = QCoreApplication.instance()
    deadline = time.monotonic() + timeout_ms / 1000
    while not predicate():
        if time.monotonic() > deadline:
            return False
        if app is not None:
            QCoreApplication.processEvents()
        time.sleep(0.001)
    return True
