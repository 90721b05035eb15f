"""The command under signals and a closed pipe (issue 16): SIGTERM at any moment exits 130, a
closed stdout stops the printing and not the batch. Real `paperasse build` processes, HTML
dossiers (no WeasyPrint), a few seconds."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import TEST_GUIDE_EN, write_profile

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and pipes")


@pytest.mark.slow
def test_sigterm_before_rendering_exits_130(tmp_path: Path) -> None:
    """While the inputs are still being read (held here for the test), SIGTERM is an
    interruption like Ctrl-C: exit code 130, not 143."""
    write_profile(tmp_path, "ana")
    code = textwrap.dedent(
        """
        import sys, time
        import paperasse.batch.run
        run = sys.modules["paperasse.batch.run"]  # the module (the package's run is a function)
        def slow_reading(*args, **kwargs):
            print("reading", file=sys.stderr, flush=True)
            time.sleep(60)
            yield from ()
        run.iter_jobs = slow_reading
        from paperasse.cli import main
        sys.argv[0] = "paperasse"
        main()
        """
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            code,
            "build",
            str(tmp_path / "ana.yaml"),
            "-o",
            str(tmp_path / "out"),
            "--format",
            "html",
            "--guide",
            str(TEST_GUIDE_EN),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    assert process.stderr.readline() == "reading\n"
    process.send_signal(signal.SIGTERM)
    rest = process.stderr.read()
    assert process.wait(timeout=30) == 130, rest
    assert "Traceback" not in rest


@pytest.mark.slow
def test_a_closed_stdout_stops_the_printing_not_the_batch(tmp_path: Path) -> None:
    """`paperasse build … | head -1`: every dossier is still written, the manifest too, exit
    code 0, and no BrokenPipeError on stderr."""
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(6):
        write_profile(folder, f"p{number}")
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-c",
        "from paperasse.cli import main; main()",
        "build",
        str(folder),
        "-o",
        str(out),
        "--format",
        "html",
        "--jobs",
        "1",
        "--guide",
        str(TEST_GUIDE_EN),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as head -1 does
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, stderr
    assert first.decode().strip().endswith(".html")
    assert sorted(p.name for p in out.glob("*.html")) == [f"p{n}.html" for n in range(6)]
    assert (out / "manifest.json").is_file()
    assert "6 written" in stderr
    assert "BrokenPipe" not in stderr and "Exception ignored" not in stderr, stderr
    time.sleep(0)  # nothing left running
