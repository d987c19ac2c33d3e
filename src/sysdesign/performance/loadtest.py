"""A real load test on 127.0.0.1: a small HTTP server with c workers, and two clients.

The server (:func:`serving`) is a ``ThreadingHTTPServer`` whose handlers must take one of
``workers`` slots (a semaphore) before "working": a ``time.sleep`` of an exponential time
with mean ``service_ms``, drawn from a seeded generator. So it behaves like an M/M/c queue
with known c and service rate, plus the real overhead of HTTP and threads. It can also
stall every worker for a while (a stop-the-world pause) to show coordinated omission.

The clients are bounded: a fixed number of requests, a timeout on every socket, and the
server shut down in a ``finally``. Nothing leaves the machine.

- :func:`open_loop` sends requests at times fixed in advance (:func:`send_times`: Poisson,
  or evenly spaced as wrk2 does), whatever the server does, and measures each latency
  from the time it *should* have been sent.
- :func:`closed_loop` has ``users`` users who each wait for an answer before sending
  again, and measure from the moment they send: when the server stalls they stop sending,
  so the stall is recorded once per user (coordinated omission).
"""

from __future__ import annotations

import contextlib
import http.client
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import ThreadingHTTPServer

import numpy as np

from ..core import checks
from ..core.loopback import HOST, TIMEOUT_S, QuietHandler, running


class _Handler(QuietHandler):
    protocol_version = "HTTP/1.0"  # one request per connection: simple and bounded

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        server = self.server
        with server.slots:
            stall = server.stall_until - time.perf_counter()
            if stall > 0:
                time.sleep(stall)
            with server.lock:
                work = server.rng.expovariate(1000.0 / server.service_ms)
            time.sleep(work)
        self.reply(200, b"ok\n")


class LoadServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self, workers: int, service_ms: float, seed: int):
        super().__init__((HOST, 0), _Handler)
        self.slots = threading.BoundedSemaphore(workers)
        self.workers, self.service_ms = workers, service_ms
        self.lock = threading.Lock()
        self.rng = random.Random(seed)
        self.stall_until = 0.0

    @property
    def port(self) -> int:
        return self.server_address[1]

    def reseed(self, seed: int) -> None:
        """Restart the service-time draws: the next requests get the same times again."""
        with self.lock:
            self.rng.seed(seed)

    def stall(self, seconds: float) -> None:
        """Every request that starts in the next ``seconds`` waits until they are over."""
        self.stall_until = time.perf_counter() + seconds


@contextlib.contextmanager
def serving(workers: int = 4, service_ms: float = 10.0, *, seed: int = 0):
    """Run a :class:`LoadServer` on 127.0.0.1 (a free port) in a thread; always shut down."""
    workers = checks.integer(workers, "workers", 1, 64)
    service_ms = checks.number(service_ms, "service_ms", 0.1, 1000)
    with running(LoadServer(workers, service_ms, seed)) as server:
        yield server


def get(port: int) -> None:
    """One GET / to the server on 127.0.0.1; raises on an error or a non-200 answer."""
    conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
    try:
        conn.request("GET", "/")
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise ConnectionError(f"status {response.status}")
    finally:
        conn.close()


def send_times(rate: float, requests: int, *, spacing: str = "poisson",
               seed: int = 0) -> np.ndarray:
    """When each of ``requests`` requests is due, in seconds, at ``rate`` per second.

    ``"even"``: one every 1/rate s. ``"poisson"``: random times of a Poisson process given
    that exactly ``requests`` arrive in the window of requests/rate seconds (so a short
    run still offers its rate): n exponential gaps normalised by one more, which makes the
    times n sorted uniform draws over the window. A seed gives the same times at any rate,
    scaled by 1/rate.

    >>> send_times(4.0, 4, spacing="even").tolist()
    [0.0, 0.25, 0.5, 0.75]
    >>> bool((send_times(4.0, 4) * 4.0 == send_times(8.0, 4) * 8.0).all())
    True
    """
    rate = checks.number(rate, "rate", 0, 5000, lo_open=True, hint="requests per second")
    n = checks.integer(requests, "requests", 1, 5000)
    if checks.choice(spacing, "spacing", ("poisson", "even")) == "even":
        return np.arange(n) / rate
    gaps = np.random.default_rng(seed).exponential(1.0, n + 1)
    return (n / rate) * np.cumsum(gaps)[:n] / gaps.sum()


def open_loop(port: int, rate: float, requests: int, *, seed: int = 0,
              stall: tuple[float, float] | None = None, server: LoadServer | None = None,
              concurrency: int = 64, spacing: str = "poisson") -> np.ndarray:
    """Send ``requests`` requests at ``rate``/s, from up to ``concurrency`` threads; returns
    each latency in ms measured from its *intended* send time (errors: inf).

    ``spacing`` is ``"poisson"`` (random times, seeded) or ``"even"`` (one every 1/rate s, a
    constant-throughput client like wrk2): see :func:`send_times`.
    ``stall=(at_s, seconds)`` stalls ``server`` ``at_s`` seconds into the run.
    """
    rate = checks.number(rate, "rate", 0, 5000, lo_open=True, hint="requests per second")
    if stall is not None and not isinstance(server, LoadServer):
        raise ValueError("server must be the LoadServer to stall when stall is given")
    n = checks.integer(requests, "requests", 1, 5000)
    due = send_times(rate, n, spacing=spacing, seed=seed)
    latency = np.full(n, np.inf)
    start = time.perf_counter()

    def one(i: int) -> None:
        with contextlib.suppress(OSError, ConnectionError, http.client.HTTPException):
            get(port)
            latency[i] = (time.perf_counter() - start - due[i]) * 1000

    with ThreadPoolExecutor(max_workers=checks.integer(concurrency, "concurrency", 1, 256)) as pool:
        stalled = stall is None
        for i, t in enumerate(due.tolist()):
            if not stalled and t >= stall[0]:
                server.stall(stall[1])
                stalled = True
            wait = t - (time.perf_counter() - start)
            if wait > 0:
                time.sleep(wait)
            pool.submit(one, i)
    return latency


def closed_loop(port: int, users: int, duration_s: float, *, think_ms: float = 0.0,
                stall: tuple[float, float] | None = None,
                server: LoadServer | None = None) -> np.ndarray:
    """``users`` users each send, wait for the answer, think ``think_ms``, send again, for
    ``duration_s`` seconds; returns latencies in ms measured from each actual send."""
    users = checks.integer(users, "users", 1, 64)
    duration = checks.number(duration_s, "duration_s", 0, 10, lo_open=True)
    if stall is not None and not isinstance(server, LoadServer):
        raise ValueError("server must be the LoadServer to stall when stall is given")
    think = checks.number(think_ms, "think_ms", 0, 1000) / 1000
    out: list[float] = []
    lock = threading.Lock()
    start = time.perf_counter()

    def user() -> None:
        while time.perf_counter() - start < duration:
            sent = time.perf_counter()
            try:
                get(port)
                took = (time.perf_counter() - sent) * 1000
            except (OSError, ConnectionError, http.client.HTTPException):
                took = float("inf")
            with lock:
                out.append(took)
            if think:
                time.sleep(think)

    threads = [threading.Thread(target=user, daemon=True) for _ in range(users)]
    for thread in threads:
        thread.start()
    if stall is not None:
        time.sleep(stall[0])
        server.stall(stall[1])
    for thread in threads:
        thread.join(timeout=duration + 2 * TIMEOUT_S)
    return np.array(out)


def ramp(rates, *, workers: int = 4, service_ms: float = 10.0, seconds_per_step: float = 0.3,
         seed: int = 0) -> list[dict]:
    """Open-loop steps of rising rate against one server; latency percentiles per step.

    Every step draws from the same random-number streams (common random numbers): the
    same service times in the same order, and send times from the same exponential draws
    rescaled to its window. The steps are strongly correlated, so a short step still ranks
    about where its load puts it rather than where its luck does.
    """
    steps = []
    with serving(workers, service_ms, seed=seed) as server:
        for _ in range(3):  # warm up (threads, sockets) so the first step is not penalised
            get(server.port)
        for rate in rates:
            n = max(12, round(rate * seconds_per_step))
            server.reseed(seed)
            lat = open_loop(server.port, rate, n, seed=seed)
            ok = lat[np.isfinite(lat)]
            steps.append({"rate": float(rate), "requests": n, "errors": int(n - len(ok)),
                          "mean_ms": float(ok.mean()) if len(ok) else np.inf,
                          "p50_ms": float(np.percentile(ok, 50)) if len(ok) else np.inf,
                          "p99_ms": float(np.percentile(ok, 99)) if len(ok) else np.inf})
    return steps


def knee(steps: list[dict], *, factor: float = 3.0, metric: str = "p99_ms") -> float | None:
    """The first rate whose ``metric`` is over ``factor`` times the lowest value of the
    steps before it (a slow first step, still warming up, does not hide the knee)."""
    if not steps:
        raise ValueError("steps must not be empty: pass the ramp's steps")
    factor = checks.number(factor, "factor", 0, lo_open=True)
    best = steps[0][metric]
    for step in steps[1:]:
        if step[metric] > factor * best:
            return step["rate"]
        best = min(best, step[metric])
    return None
