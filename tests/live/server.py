"""Start the real web server and worker as separate processes, as `make run` does."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    env: dict[str, str]
    processes: list[subprocess.Popen] = field(default_factory=list)
    log_dir: Path | None = None

    def stop(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in self.processes:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def smartstock(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "smartstock.cli", *args], env=env,
        stdout=log.open("ab"), stderr=subprocess.STDOUT,
    )


def start_live_server(data_dir: Path, database_url: str, *, redis_url: str = "", worker: bool = True,
                      migrate: bool = True, extra_env: dict[str, str] | None = None) -> LiveServer:
    """`smartstock db upgrade` (unless `migrate=False`: e.g. `smartstock demo` just did it), then
    `serve` on a free port and `worker`; returns once /api/health answers."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATA_DIR": str(data_dir), "DATABASE_URL": database_url,
           "SECRET_KEY": "live-test-secret", **(extra_env or {})}
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    log = data_dir / "server.log"
    if migrate:
        subprocess.run([sys.executable, "-m", "smartstock.cli", "db", "upgrade"], env=env, check=True,
                       stdout=log.open("ab"), stderr=subprocess.STDOUT)
    workers = [smartstock("worker", env=env, log=data_dir / "worker.log")] if worker else []
    for _attempt in range(3):  # the free port may be taken meanwhile (tests run in parallel): another one
        port = free_port()
        env["PORT"] = str(port)
        server = LiveServer(url=f"http://127.0.0.1:{port}", env=env, log_dir=data_dir)
        server.processes.append(smartstock("serve", "--port", str(port), env=env, log=log))
        if _healthy(server):
            server.processes += workers
            return server
        server.stop()
        if "address already in use" not in log.read_text().lower():
            break
    LiveServer(url="", env=env, processes=workers).stop()
    raise RuntimeError(f"the server did not start; see {log}:\n{log.read_text()[-3000:]}")


def _healthy(server: LiveServer, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{server.url}/api/health", timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        if server.processes[0].poll() is not None:
            return False
        time.sleep(0.2)
    return False
