"""Memory a run needs, estimated from its declared sizes before anything is built.

A street of 30 communities of 200,000 residents each is a valid scenario that no ordinary machine
can hold: built anyway, the kernel kills the process after a minute (exit 137, no message) or
numpy fails deep inside. :func:`check_memory` refuses such a run at once, with the estimate and
the memory this machine has available.

The estimate is linear in residents and in ties per resident, measured with
``benchmarks``-style runs here (Python 3.12, Mesa 3.5): about 1.8 KB per resident (the Mesa agent,
its arrays, its share of the organizations) plus about 180 bytes per resident for each tie of
mean degree (the sparse network and the arrays it is built from), rounded up.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from yingzao.model.defaults import PROFILES
from yingzao.model.profiles import PROFILE_VALUES

from yingzao.errors import InputError

if TYPE_CHECKING:
    from yingzao.scenarios import Scenario

__all__ = ["available_memory", "check_memory", "check_memory_bytes", "estimate_bytes"]

PER_RESIDENT = 2_000  # bytes (measured 1.76-1.96 KB)
PER_TIE = 200  # bytes per resident per unit of mean degree (measured about 176)
BASE = 200 * 2**20  # the interpreter, numpy, pandas, Mesa
# what a worker process adds beyond its run (forked from a fork server that imported the model,
# so most pages are shared): `--workers 1000` must not start a thousand processes
PER_WORKER = 80 * 2**20


def _degree(sc: Scenario, profile: str) -> float:
    """Mean ties per resident of a community of ``profile`` in this scenario."""
    v, explicit = sc.values, sc.explicit
    total = 0.0
    for key in ("network.local_degree", "network.cross_degree"):
        if key in explicit:
            total += float(v[key])
        else:
            total += float(PROFILE_VALUES.get(profile, {}).get(key, v[key]))
    return total


def _profiles(sc: Scenario) -> list[str]:
    from yingzao.model.street import mix_key

    v = sc.values
    mixed = [p for p in PROFILES if v[mix_key(p)] > 0]
    return mixed or [v["community.profile"]]


def estimate_bytes(sc: Scenario) -> int:
    """Bytes a run of ``sc`` holds at its peak (a community, or every community of a street)."""
    v = sc.values
    n = v["street.communities"]
    if n > 1:
        residents = v["street.residents"] or n * v["community.residents"]
        degree = max(_degree(sc, p) for p in _profiles(sc))
    else:
        residents = v["community.residents"]
        degree = _degree(sc, v["community.profile"])
    return int(residents * (PER_RESIDENT + PER_TIE * degree))


def _cgroup_room() -> int | None:
    """Memory left under a container's limit (cgroup v2 or v1), if there is one."""
    for limit_file, usage_file in (
        ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
        (
            "/sys/fs/cgroup/memory/memory.limit_in_bytes",
            "/sys/fs/cgroup/memory/memory.usage_in_bytes",
        ),
    ):
        try:
            limit = Path(limit_file).read_text().strip()
            usage = int(Path(usage_file).read_text().strip())
        except (OSError, ValueError):
            continue
        if limit.isdigit() and int(limit) < 2**60:  # "max" or a huge number: no limit
            return max(0, int(limit) - usage)
    return None


def available_memory() -> int | None:
    """Bytes this process could still get (the smaller of the machine's and a container's)."""
    found: list[int] = []
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                found.append(int(line.split()[1]) * 1024)
                break
    except (OSError, ValueError, IndexError):
        try:
            found.append(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
        except (ValueError, OSError, AttributeError):
            pass
    room = _cgroup_room()
    if room is not None:
        found.append(room)
    return min(found) if found else None


def _gb(x: float) -> str:
    return f"{x / 2**30:,.1f} GB"


def check_memory(sc: Scenario, parallel: int = 1) -> None:
    """Refuse a run (or ``parallel`` runs at once) that cannot fit in the available memory.

    Raises:
        InputError: the estimate exceeds the available memory; the message gives both.

    """
    v = sc.values
    if v["street.communities"] > 1:
        residents = v["street.residents"] or v["street.communities"] * v["community.residents"]
        what = f"a street of {v['street.communities']} communities, {residents:,} residents"
    else:
        what = f"a community of {v['community.residents']:,} residents"
    check_memory_bytes(estimate_bytes(sc), parallel, what)


def check_memory_bytes(per_run: int, parallel: int = 1, what: str = "the largest run") -> None:
    """Refuse ``parallel`` runs of ``per_run`` bytes each if they cannot fit in memory.

    Raises:
        InputError: the estimate exceeds the available memory; the message gives both.

    """
    need = parallel * (per_run + (PER_WORKER if parallel > 1 else 0)) + BASE
    have = available_memory()
    if have is None or need <= have:
        return
    times = f" x {parallel} runs at once" if parallel > 1 else ""
    fewer = "; use fewer workers or" if parallel > 1 else "; use"
    raise InputError(
        f"{what}{times} needs about {_gb(need)} of memory and this machine has "
        f"{_gb(have)} available{fewer} fewer residents"
    )
