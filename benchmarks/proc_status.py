"""What /proc tells the benchmarks (Linux): this process's memory figures and the machine they ran on."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def status_mb(key: str) -> float | None:
    """A /proc/self/status field in MB (VmRSS, VmHWM, …), or None where there is no such field."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) / 1024
    return None


def machine_basics() -> dict:
    """Architecture, cores, CPU model, total memory (MB) and Python version; each benchmark adds
    the versions of the libraries it measures."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or platform.machine())
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), None)
    return {"arch": platform.machine(), "cores": os.cpu_count(), "cpu": cpu, "memory_mb": memory,
            "python": platform.python_version()}
