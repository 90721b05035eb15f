"""The worker pool under attack (issue 16): a worker killed mid-dossier (the OOM killer) fails
only its own row, and workers never outlive their parent. Fake work, no WeasyPrint."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from paperasse.batch import BatchOptions
from paperasse.batch.pool import Outcome, Task, execute

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="signals, /proc, prctl")

VICTIM = 3


def render_or_die(task: Task) -> Outcome:
    """A dossier; the VICTIM's worker is killed as the OOM killer would (SIGKILL)."""
    if task.index == VICTIM:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.02)
    return Outcome(task.index, sha256=f"sha-{task.index}")


def tasks(count: int) -> list[Task]:
    return [Task(i, None, (), (), Path(f"/nowhere/d{i}.pdf")) for i in range(count)]


@pytest.mark.slow
def test_a_worker_killed_by_the_oom_killer_fails_its_row_not_the_batch() -> None:
    outcomes: dict[int, Outcome] = {}

    def done(outcome: Outcome) -> None:
        assert outcome.index not in outcomes, "reported twice"
        outcomes[outcome.index] = outcome

    execute(tasks(12), BatchOptions(), 2, done, work=render_or_die, init=None)
    assert sorted(outcomes) == list(range(12))
    failed = {i: o.error for i, o in outcomes.items() if o.error is not None}
    assert failed == {
        VICTIM: "/nowhere/d3.pdf: the process rendering this dossier was killed (out of "
        "memory?); the other dossiers were rendered"
    }
    assert all(outcomes[i].sha256 == f"sha-{i}" for i in outcomes if i != VICTIM)


def _children(pid: int) -> set[int]:
    """Every descendant of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_workers_and_the_resource_tracker_die_with_their_parent(tmp_path: Path) -> None:
    """SIGKILL of the parent alone (not its group): no worker, fork server or resource
    tracker lives on."""
    code = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from paperasse.batch import BatchOptions
        from paperasse.batch.pool import execute
        import test_pool
        execute(test_pool.tasks(8), BatchOptions(), 2, lambda o: None,
                work=test_pool.sleep_long, init=test_pool.init_marked)
        """
    )
    env = {**os.environ, "MARK_DIR": str(tmp_path)}
    parent = subprocess.Popen([sys.executable, "-c", code], env=env)
    try:
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob("worker-*"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(list(tmp_path.glob("worker-*"))) == 2, "the workers did not start"
        family = _children(parent.pid)
        assert len(family) >= 3  # two workers, the fork server (and the resource tracker)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in family) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in family if _alive(pid)], "processes outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()


def init_marked(options: BatchOptions) -> None:
    from paperasse.batch.pool import die_with_parent

    die_with_parent()
    Path(os.environ["MARK_DIR"], f"worker-{os.getpid()}").touch()


def sleep_long(task: Task) -> Outcome:
    time.sleep(60)
    return Outcome(task.index)
