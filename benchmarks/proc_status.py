"""This process's memory figures from /proc/self/status (Linux), shared by the benchmarks."""

from __future__ import annotations

from pathlib import Path


def status_mb(key: str) -> float | None:
    """A /proc/self/status field in MB (VmRSS, VmHWM, …), or None where there is no such field."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) / 1024
    return None
