"""Load benchmarks (`make bench`): figures printed next to a floor measured in the same run.

Connection strategy (portal/db.py): serve /healthz (one SELECT through the
portal's database module) from 2 gunicorn sync workers, keeping the connection
per worker vs closing it after every request, on SQLite and — when
BENCH_POSTGRES_URL is set — PostgreSQL. The floor is a static file served by
the same workers (Flask without the database). The client is a bounded loop of
keep-alive requests from threads on loopback; it stops by itself.
"""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DURATION = float(os.environ.get("BENCH_SECONDS", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
MAX_REQUESTS = 200_000  # a hard bound on the loop


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(env: dict) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def _load(port: int, path: str) -> tuple[float, int]:
    """Requests per second and errors for `path` over DURATION seconds."""
    counts, errors = [0] * CLIENTS, [0] * CLIENTS
    stop = time.time() + DURATION

    def worker(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        while time.time() < stop and counts[i] < MAX_REQUESTS // CLIENTS:
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[i] += 1
                counts[i] += 1
            except OSError:
                errors[i] += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CLIENTS)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.time() - started), sum(errors)


def _case(name: str, database_url: str, close_per_request: bool) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench", "PORTAL_ENV": "development"}
    if close_per_request:
        env["PORTAL_CLOSE_DB_PER_REQUEST"] = "1"
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    proc, port = _serve(env)
    try:
        floor, _ = _load(port, "/static/css/portal.css")
        rate, errors = _load(port, "/healthz")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(f"{name:<44} {rate:>9.0f} req/s   floor (static file) {floor:>8.0f} req/s   "
          f"ratio {rate / floor:>5.2f}   errors {errors}")


def main() -> None:
    print(f"# {CLIENTS} keep-alive clients, {DURATION:.0f} s each, 2 gunicorn sync workers, loopback")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        _case("SQLite WAL, connection kept per worker", url, False)
        _case("SQLite WAL, connect per request", url, True)
    pg = os.environ.get("BENCH_POSTGRES_URL")
    if pg:
        _case("PostgreSQL, connection kept per worker", pg, False)
        _case("PostgreSQL, connect per request", pg, True)
    else:
        print("(set BENCH_POSTGRES_URL=postgresql://… to add PostgreSQL; `bash .ci/postgres.sh` prints one)")


if __name__ == "__main__":
    main()
    from bench import documents

    print()
    documents.main()
