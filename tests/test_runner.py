"""The serial runner: results in order, the next task translating while results are written."""

from __future__ import annotations

import threading
import time

import pytest

from localize.errors import EngineError
from localize.pipeline import Task
from localize.pipeline import workers as runner


def tasks(n: int) -> list[Task]:
    return [Task("ru", None, (f"sentence {i}",), f"a{i}") for i in range(n)]


def test_results_come_in_order_with_two_tasks_under_way(monkeypatch) -> None:
    lock = threading.Lock()
    running, most = 0, 0
    started = {i: threading.Event() for i in range(6)}

    def fake_run(task: Task, glossary: object, source: str) -> list[str]:
        nonlocal running, most
        i = int(task.label[1:])
        with lock:
            running += 1
            most = max(most, running)
        started[i].set()
        time.sleep(0.05 if i % 2 else 0.12)  # uneven tasks: later ones may finish first
        with lock:
            running -= 1
        return [f"{task.texts[0]} → ru"]

    monkeypatch.setattr(runner, "run_task", fake_run)
    got = []
    for task, results in runner._serial(tasks(6), glossary=None, source="en"):
        i = int(task.label[1:])
        got.append((task.label, results))
        if i < 5:  # while task i's results are written, task i + 1 is under way
            assert started[i + 1].wait(5)
    assert got == [(f"a{i}", [f"sentence {i} → ru"]) for i in range(6)]
    assert most == 2


def test_an_error_stops_the_run_and_nothing_new_starts(monkeypatch) -> None:
    ran: list[int] = []

    def fake_run(task: Task, glossary: object, source: str) -> list[str]:
        i = int(task.label[1:])
        ran.append(i)
        if i == 1:
            raise EngineError("translation failed (a1 → ru): boom")
        return ["x"]

    monkeypatch.setattr(runner, "run_task", fake_run)
    seen = []
    with pytest.raises(EngineError, match="a1 → ru"):
        for task, _ in runner._serial(tasks(10), glossary=None, source="en"):
            seen.append(task.label)
    time.sleep(0.2)
    assert seen == ["a0"] and max(ran) <= 2  # at most the task already under way
