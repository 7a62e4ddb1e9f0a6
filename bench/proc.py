"""Process memory and CPU from /proc (psutil is not a dependency)."""

import os

TICKS = os.sysconf("SC_CLK_TCK")


def status_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process in kB; empty if it is gone."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key, value = line.split(":", 1)
                    out[key] = int(value.split()[0])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return out


def reset_peak() -> None:
    """Start this process's VmHWM afresh (Linux 4.0+: write 5 to clear_refs)."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def children(pid: int) -> list[int]:
    """Direct children of a process (Linux 3.5+ /proc/<pid>/task/*/children)."""
    kids = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                kids.extend(int(x) for x in f.read().split())
    except FileNotFoundError:
        pass
    return sorted(set(kids))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far; 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def machine_busy_seconds() -> float:
    """CPU seconds all cores have been busy since boot (/proc/stat, idle and iowait excluded)."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    return (sum(values) - values[3] - values[4]) / TICKS


class CpuAccount:
    """CPU seconds per category between two snapshots, and the machine's busy time.

    `groups` maps a category to a function returning its pids now. A process that starts
    between snapshots counts from zero; one that ends is lost, so "everything else" is the
    machine's busy time minus the named categories.
    """

    def __init__(self, groups):
        self.groups = groups
        self.last = self._snapshot()

    def _snapshot(self) -> dict:
        return {
            "busy": machine_busy_seconds(),
            "pids": {name: {pid: cpu_seconds(pid) for pid in pids()} for name, pids in self.groups.items()},
        }

    def take(self) -> dict[str, float]:
        """CPU seconds per category since the previous call, plus machine_busy and everything_else."""
        now = self._snapshot()
        out = {}
        for name, pids in now["pids"].items():
            before = self.last["pids"].get(name, {})
            out[name] = max(sum(cpu - before.get(pid, 0.0) for pid, cpu in pids.items()), 0.0)
        out["machine_busy"] = now["busy"] - self.last["busy"]
        out["everything_else"] = max(out["machine_busy"] - sum(v for k, v in out.items() if k != "machine_busy"), 0.0)
        self.last = now
        return out
