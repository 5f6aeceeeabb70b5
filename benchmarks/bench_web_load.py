"""Load on loopback: N concurrent clients posting 2-report compares to `POST /api/v1/compare` for D seconds.

    python benchmarks/bench_web_load.py                      # 20 clients, 60 s, distinct texts, JSON summary
    python benchmarks/bench_web_load.py --mode repeat        # the same pair every time (analysis cache hits)
    python benchmarks/bench_web_load.py --concurrent 1 --embed-threads 0   # the old worker model, to compare

Starts the server (`counterpoint.web.serve`, real models) in a child process, warms it up with one compare,
then runs the clients (httpx, asyncio) until the time is up, and stops the server. Bounded: the clients stop
at the deadline, each request has a timeout, and the server is killed on the way out. Reports p50 / p95 / max
latency of successful requests, the error count by status, throughput, and the server's RSS sampled every
2 s (memory should stay flat). `--mode distinct` varies every report (a counter in the text), so no analysis
is ever served from the cache: the honest figure.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time

A = ("About {n} Iraqi fighters crossed into Syria at the Bou Kamal crossing early on Monday, the Syrian "
     "Observatory for Human Rights said. The fighters are expected to deploy in Aleppo to support government "
     "forces against the rebels.")
B = ("Iraqi security officials said at least {m} militia fighters used a dirt road to avoid border guards and "
     "slip into Syria on Sunday. The fighters belong to groups loyal to Tehran, the officials said.")

SERVER = """
import sys
from counterpoint.config import Settings
from counterpoint.web import serve
settings = Settings()
if sys.argv[2] == "stub":      # the web layer and link.compare only: analysis by the tests' regex stand-in
    sys.path.insert(0, sys.argv[3])
    import counterpoint.api as api
    from tests.web import FakeAnalyzer, fake_analyze
    api.analyze_reports, api.get_analyzer = fake_analyze, FakeAnalyzer
    settings = Settings(embeddings=False, align_threshold=0.3)
limits = {k: int(v) for k, v in zip(("max_concurrent", "embed_threads"), sys.argv[4:6]) if int(v) >= 0}
serve(settings, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", **limits)
"""
STUB = False
CONCURRENT = EMBED_THREADS = -1      # -1: the server's default
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the process has used so far."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def cores_available(seconds: float = 3.0) -> float:
    """How much CPU this process can get right now: a GIL-free C loop (sha256 over 1 MB buffers) in one
    thread per core for ``seconds``; CPU-seconds used / wall seconds. On an idle machine ~ the core count;
    on a shared one, the share left by the other jobs."""
    import hashlib
    import threading

    def burn() -> None:
        buf, end = b"x" * 1_000_000, time.monotonic() + seconds
        while time.monotonic() < end:
            hashlib.sha256(buf).digest()
    t0, c0 = time.monotonic(), time.process_time()
    threads = [threading.Thread(target=burn) for _ in range(os.cpu_count() or 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return round((time.process_time() - c0) / (time.monotonic() - t0), 2)


def body(n: int, mode: str) -> dict:
    k = 200 if mode == "repeat" else 200 + n
    return {"reports": [{"text": A.format(n=k), "published": "2024-12-02", "outlet": "Outlet A"},
                        {"text": B.format(m=k + 100), "published": "2024-12-02", "outlet": "Outlet B"}]}


async def run(base: str, clients: int, duration: float, mode: str, timeout: float, pid: int) -> dict:
    import httpx
    latencies: list[float] = []
    errors: dict[str, int] = {}
    rss: list[tuple[float, float]] = []
    counter = iter(range(10**9))
    start = time.monotonic()
    deadline = start + duration

    async def client(c: httpx.AsyncClient) -> None:
        while time.monotonic() < deadline:
            t0 = time.monotonic()
            try:
                resp = await c.post("/api/v1/compare", json=body(next(counter), mode))
                if resp.status_code == 200 and resp.json().get("schema"):
                    latencies.append(time.monotonic() - t0)
                else:
                    errors[str(resp.status_code)] = errors.get(str(resp.status_code), 0) + 1
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1

    async def sample() -> None:
        while time.monotonic() < deadline + timeout:
            rss.append((round(time.monotonic() - start, 1), round(rss_mb(pid), 1)))
            await asyncio.sleep(2)

    cpu0, own0, load0 = cpu_s(pid), sum(os.times()[:2]), os.getloadavg()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as c:
        sampler = asyncio.create_task(sample())
        await asyncio.gather(*(client(c) for _ in range(clients)))
        sampler.cancel()
    elapsed = time.monotonic() - start
    server_cpu, client_cpu = cpu_s(pid) - cpu0, sum(os.times()[:2]) - own0
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))], 3) if lat else float("nan")
    return {"analysis": "stub" if STUB else "real", "concurrent": CONCURRENT, "embed_threads": EMBED_THREADS, "clients": clients, "duration_s": round(elapsed, 1), "mode": mode, "ok": len(lat),
            "errors": sum(errors.values()), "errors_by_kind": errors, "throughput_rps": round(len(lat) / elapsed, 2),
            "p50_s": pct(0.50), "p95_s": pct(0.95), "max_s": round(lat[-1], 3) if lat else None,
            "mean_s": round(statistics.fmean(lat), 3) if lat else None,
            "rss_mb_first": rss[0][1] if rss else None, "rss_mb_last": rss[-1][1] if rss else None,
            "rss_mb_max": max(r for _, r in rss) if rss else None,
            "server_cpu_s": round(server_cpu, 1), "client_cpu_s": round(client_cpu, 1),
            "server_cpu_s_per_request": round(server_cpu / len(lat), 3) if lat else None,
            "cores": os.cpu_count(), "loadavg_start": [round(x, 2) for x in load0],
            "loadavg_end": [round(x, 2) for x in os.getloadavg()], "rss_mb_series": rss}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--duration", type=float, default=60.0)
    ap.add_argument("--mode", choices=("distinct", "repeat"), default="distinct")
    ap.add_argument("--timeout", type=float, default=60.0, help="per-request timeout (s)")
    ap.add_argument("--out", help="also write the summary JSON here")
    ap.add_argument("--concurrent", type=int, default=-1, help="compares the server analyses at once "
                    "(WebSettings.max_concurrent; default: the server's, one per core)")
    ap.add_argument("--embed-threads", type=int, default=-1, help="onnxruntime threads per embedding call "
                    "(WebSettings.embed_threads; default: the server's, 1; 0: onnxruntime's own default)")
    ap.add_argument("--stub", action="store_true", help="stub the analysis (measures the HTTP layer and "
                    "link.compare only; not the headline figure)")
    args = ap.parse_args()
    global STUB, CONCURRENT, EMBED_THREADS
    STUB, CONCURRENT, EMBED_THREADS = args.stub, args.concurrent, args.embed_threads

    import httpx
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(port), "stub" if args.stub else "real", ROOT,
                             str(args.concurrent), str(args.embed_threads)],
                            env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        t0 = time.monotonic()
        while True:
            if proc.poll() is not None:
                print("server exited", file=sys.stderr)
                return 1
            try:
                if httpx.get(base + "/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() - t0 > 120:
                print("server did not start in 120 s", file=sys.stderr)
                return 1
            time.sleep(0.2)
        w0 = time.monotonic()
        warm = httpx.post(base + "/api/v1/compare", json=body(10**6, args.mode), timeout=300)
        warm.raise_for_status()
        print(f"warm-up compare (loads models): {time.monotonic() - w0:.1f} s; RSS {rss_mb(proc.pid):.0f} MB",
              file=sys.stderr)
        before = cores_available()
        summary = asyncio.run(run(base, args.clients, args.duration, args.mode, args.timeout, proc.pid))
        summary["cores_available_before"], summary["cores_available_after"] = before, cores_available()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    text = json.dumps(summary, indent=1)
    print(text)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text + "\n")
    return 0 if summary["errors"] == 0 else 2


if __name__ == "__main__":
    sys.exit(main())
