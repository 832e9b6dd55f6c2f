"""Where translation tasks run: in this process, in a process pool (``jobs``), or on Dask.

Workers only translate; the client alone writes catalogs. Each worker process loads a model once
(``localize.engine.plan.load_engine`` caches it) and keeps it for every later task of that pair.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from localize.errors import EngineError, UsageError

if TYPE_CHECKING:
    from localize.engine.plan import EnginePlan
    from localize.engine.translate import MTResult
    from localize.glossary import Glossary
    from localize.options import TranslateOptions

__all__ = ["Task", "make_executor", "run_task"]


@dataclass(frozen=True)
class Task:
    """Sentences of one language pair sent to an engine together (picklable for workers)."""

    lang: str
    plan: EnginePlan
    texts: tuple[str, ...]
    label: str = ""  # article slug, for error messages


Run = Callable[..., Iterator[tuple[Task, list["MTResult"]]]]


def run_task(task: Task, glossary: Glossary | None, source: str) -> list[MTResult]:
    """Translate one task; importable by worker processes and Dask workers."""
    from localize.engine.translate import translate_segments

    try:
        return translate_segments(
            task.plan,
            list(task.texts),
            lang=task.lang,
            glossary=glossary,
            source=source,
        )
    except EngineError:
        raise
    except Exception as exc:  # an engine crash: name what was being translated
        where = f"{task.label} → {task.lang}" if task.label else f"→ {task.lang}"
        raise EngineError(f"translation failed ({where}): {exc}") from exc


def _threads_per_job(jobs: int) -> int:
    return max(1, (os.cpu_count() or 1) // jobs)


def _init_worker(threads: int) -> None:
    os.environ["LOCALIZE_THREADS"] = str(threads)


@contextmanager
def make_executor(options: TranslateOptions, *, n_tasks: int) -> Iterator[Run]:
    """A ``run(tasks, glossary=, source=)`` yielding ``(task, results)`` as tasks finish."""
    if options.scheduler:
        with _dask(options.scheduler) as run:
            yield run
        return
    jobs = min(options.jobs, max(1, n_tasks))
    if jobs <= 1:
        yield _serial
        return

    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # Split the cores between processes so they don't fight over CTranslate2's threads.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=ctx,
        initializer=_init_worker,
        initargs=(_threads_per_job(jobs),),
    ) as pool:

        def parallel(tasks: Sequence[Task], *, glossary: Glossary | None, source: str):
            futures = {pool.submit(run_task, t, glossary, source): t for t in tasks}
            for fut in as_completed(futures):
                yield futures[fut], fut.result()

        yield parallel


def _serial(
    tasks: Sequence[Task], *, glossary: Glossary | None, source: str
) -> Iterator[tuple[Task, list[MTResult]]]:
    """Tasks' results in order, two tasks under way at a time: the engine has the next one's
    sentences queued while this one finishes and while its results are written, so it never
    waits for the catalogs or for a task's last batch (a tenth of a run on a large article)."""
    from collections import deque
    from concurrent.futures import Future, ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="localize-mt")
    queue: deque[tuple[Task, Future[list[MTResult]]]] = deque()
    pending = iter(tasks)
    try:
        for task in pending:
            queue.append((task, pool.submit(run_task, task, glossary, source)))
            if len(queue) == 2:
                break
        while queue:
            task, future = queue.popleft()
            results = future.result()
            following = next(pending, None)
            if following is not None:
                queue.append((following, pool.submit(run_task, following, glossary, source)))
            yield task, results
    finally:
        # On an error or an interrupt, nothing new starts; the task under way ends by itself.
        pool.shutdown(wait=False, cancel_futures=True)


@contextmanager
def _dask(address: str) -> Iterator[Run]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError(
            "a Dask scheduler needs Dask, which is not installed: pip install 'localize[dask]'"
        ) from None
    try:
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:

        def distributed(tasks: Sequence[Task], *, glossary: Glossary | None, source: str):
            # pure=False: two tasks with equal texts for different articles both run.
            futures = {client.submit(run_task, t, glossary, source, pure=False): t for t in tasks}
            for fut in as_completed(list(futures)):
                yield futures[fut], fut.result()

        yield distributed
    finally:
        client.close()
