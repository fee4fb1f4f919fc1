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
                      extra_env: dict[str, str] | None = None) -> LiveServer:
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "DATA_DIR": str(data_dir), "DATABASE_URL": database_url, "PORT": str(port),
           "SECRET_KEY": "live-test-secret", **(extra_env or {})}
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    log = data_dir / "server.log"
    server = LiveServer(url=f"http://127.0.0.1:{port}", env=env, log_dir=data_dir)
    subprocess.run([sys.executable, "-m", "smartstock.cli", "db", "upgrade"], env=env, check=True,
                   stdout=log.open("ab"), stderr=subprocess.STDOUT)
    server.processes.append(smartstock("serve", "--port", str(port), env=env, log=log))
    if worker:
        server.processes.append(smartstock("worker", env=env, log=data_dir / "worker.log"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{server.url}/api/health", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        if server.processes[0].poll() is not None:
            break
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"the server did not start; see {log}:\n{log.read_text()[-3000:]}")
