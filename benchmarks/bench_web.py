"""Load on `paperasse serve`: concurrent one-person requests, throughput against the CLI batch,
memory after many requests, and /healthz while the pool is busy.

    python benchmarks/bench_web.py                       # 50 concurrent, 500 for memory
    python benchmarks/bench_web.py --concurrent 50 --memory-requests 500 --guide testland

It starts `paperasse serve --jobs N` on a free loopback port and measures, in wall time:

(a) N concurrent POST /dossier (PDF), all at once: every one must be a 200 with a PDF;
(b) the same profiles through `paperasse build` (one batch, same --jobs), per dossier, so that
    (a) per dossier ÷ (b) per dossier is the server's overhead (target ≤ 1.3); (a) and (b) are
    run alternately, twice each, and the best of each is kept, because the machine is shared;
(c) peak memory of the server and its workers (RSS summed, sampled every 0.1 s) over the first
    50 requests and over all --memory-requests (target: ≤ 1.2×), 8 at a time;
(d) GET /healthz latency sampled every 0.1 s while (a) runs (median, 95th percentile, max).

Needs the web and bench extras (httpx, psutil). The load average is printed: compare ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_GUIDES = ROOT / "tests" / "data" / "guides"
CLI = [sys.executable, "-c", "from paperasse.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def profile(i: int) -> dict[str, str]:
    countries = ("BR", "PL", "VN", "DE")
    return {
        "name": f"Person {i:04d}",
        "citizenship": countries[i % 4],
        "status": ("worker", "student")[i % 2],
        "language": ("en", "fr")[i % 2],
        "arrival_date": "2026-09-01",
    }


def tree_rss(pid: int) -> int:
    import psutil

    try:
        parent = psutil.Process(pid)
        procs = [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += proc.memory_info().rss
    return total


class Server:
    def __init__(self, jobs: int, guide_args: list[str]) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [
            *CLI,
            "serve",
            "--port",
            str(self.port),
            "--jobs",
            str(jobs),
            "--queue",
            "1000",
            *guide_args,
        ]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    async def wait(self, client: object) -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                response = await client.get(f"{self.base}/healthz")  # type: ignore[attr-defined]
                if response.text == "ok":
                    return
            except Exception:
                pass
            await asyncio.sleep(0.3)
        raise SystemExit("paperasse serve did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


async def post_all(
    client: object,
    base: str,
    profiles: list[dict[str, str]],
    guide: str,
    parallel: int | None = None,
) -> list[int]:
    gate = asyncio.Semaphore(parallel or len(profiles))

    async def one(data: dict[str, str]) -> int:
        async with gate:
            response = await client.post(  # type: ignore[attr-defined]
                f"{base}/dossier", data={**data, "guide": guide, "format": "pdf"}
            )
            ok = response.status_code == 200 and response.content[:5] == b"%PDF-"
            return response.status_code if ok or response.status_code != 200 else -1

    return await asyncio.gather(*(one(p) for p in profiles))


async def sample_health(client: object, base: str, stop: asyncio.Event) -> list[float]:
    latencies = []
    while not stop.is_set():
        started = time.perf_counter()
        response = await client.get(f"{base}/healthz")  # type: ignore[attr-defined]
        assert response.text == "ok"
        latencies.append(time.perf_counter() - started)
        await asyncio.sleep(0.1)
    return latencies


async def sample_memory(pid: int, stop: asyncio.Event, peak: list[int]) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], tree_rss(pid))
        await asyncio.sleep(0.1)


def cli_batch(n: int, jobs: int, guide_args: list[str], guide: str) -> float:
    """Seconds for `paperasse build` of the same n profiles (one CSV) in one batch."""
    with tempfile.TemporaryDirectory() as tmp:
        sheet = Path(tmp) / "clients.csv"
        keys = list(profile(0))
        lines = [",".join(keys)] + [",".join(profile(i)[k] for k in keys) for i in range(n)]
        sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
        started = time.perf_counter()
        subprocess.run(
            [
                *CLI,
                "build",
                str(sheet),
                "-o",
                str(Path(tmp) / "out"),
                "--jobs",
                str(jobs),
                "--guide",
                guide,
                *guide_args,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return time.perf_counter() - started


async def main() -> None:
    import httpx

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrent", type=int, default=50)
    parser.add_argument("--memory-requests", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--guide",
        choices=("france", "testland"),
        default="france",
        help="the bundled France guide, or the small test guide",
    )
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if args.guide == "france":
        guide, guide_args = "france-social_security_registration", []
    else:
        guide, guide_args = "testland-registration", ["--guides", str(TEST_GUIDES)]
    n = args.concurrent
    print(f"load average at start: {os.getloadavg()[0]:.1f}; {args.jobs} workers; guide {guide}")

    server = Server(args.jobs, guide_args)
    limits = httpx.Limits(max_connections=n + 10, max_keepalive_connections=n + 10)
    async with httpx.AsyncClient(timeout=600, limits=limits) as client:
        try:
            await server.wait(client)
            await post_all(
                client, server.base, [profile(9000 + i) for i in range(args.jobs)], guide
            )  # warm every worker
            web_times, cli_times, health = [], [], []
            for _round in range(args.rounds):
                cli_times.append(cli_batch(n, args.jobs, guide_args, guide))
                stop = asyncio.Event()
                watcher = asyncio.create_task(sample_health(client, server.base, stop))
                started = time.perf_counter()
                statuses = await post_all(
                    client, server.base, [profile(i) for i in range(n)], guide
                )
                web_times.append(time.perf_counter() - started)
                stop.set()
                health.extend(await watcher)
                good = statuses.count(200)
                print(
                    f"(a) {n} concurrent requests: {good} PDFs (200), others: "
                    f"{sorted(s for s in statuses if s != 200)}; {web_times[-1]:.1f} s; "
                    f"(b) CLI batch of {n}: {cli_times[-1]:.1f} s; "
                    f"load {os.getloadavg()[0]:.1f}"
                )
                if good != n:
                    raise SystemExit("not every request succeeded")
            web, cli = min(web_times) / n, min(cli_times) / n
            print(
                f"per dossier: server {web:.2f} s, CLI batch {cli:.2f} s: "
                f"ratio {web / cli:.2f} (target <= 1.3)"
            )
            health.sort()
            print(
                f"(d) /healthz while busy ({len(health)} samples): median "
                f"{statistics.median(health) * 1000:.1f} ms, p95 "
                f"{health[int(len(health) * 0.95)] * 1000:.1f} ms, max "
                f"{health[-1] * 1000:.1f} ms"
            )
        finally:
            server.stop()

    if args.memory_requests <= 0:
        return
    # (c) memory: a fresh server, so the first 50 are the first 50 it ever serves.
    server = Server(args.jobs, guide_args)
    async with httpx.AsyncClient(timeout=600, limits=limits) as client:
        try:
            await server.wait(client)
            peak = [0]
            stop = asyncio.Event()
            sampler = asyncio.create_task(sample_memory(server.process.pid, stop, peak))
            total = args.memory_requests
            first = min(50, total)
            started = time.perf_counter()
            statuses = await post_all(
                client, server.base, [profile(i) for i in range(first)], guide, parallel=8
            )
            after_50 = peak[0]
            statuses += await post_all(
                client, server.base, [profile(i) for i in range(first, total)], guide, parallel=8
            )
            stop.set()
            await sampler
            after_all = peak[0]
            elapsed = time.perf_counter() - started
            print(
                f"(c) peak memory (server + workers): {after_50 / 2**20:.0f} MiB after "
                f"{first} requests, {after_all / 2**20:.0f} MiB after {total}: "
                f"{after_all / after_50:.2f}x (target <= 1.2); {statuses.count(200)} of "
                f"{total} PDFs in {elapsed:.0f} s; load {os.getloadavg()[0]:.1f}"
            )
        finally:
            server.stop()


if __name__ == "__main__":
    asyncio.run(main())
