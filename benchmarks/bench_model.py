"""Speed of the Yingzao model, and of its decisions stage against an idiomatic Mesa peer.

Run from the repository root:  python benchmarks/bench_model.py
Prints figures; it does not pass or fail. Timings use time.perf_counter in this process, after
imports; model runs exclude construction.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections import defaultdict

from mesa_peer import PeerModel
from yingzao.model import community, participation
from yingzao.model.community import CommunityModel

MONTHS = 120
SEED = 1
# (scenario, residents, repeats, target run s, target construct s)
MODEL_CASES = [
    ("baseline", 5_000, 3, 0.5, None),
    ("baseline", 50_000, 2, 3.0, 3.0),
    ("support-8y", 50_000, 2, None, None),
]
STAGE_CASES = [(5_000, 50, 5), (50_000, 30, 3)]  # residents, vectorized calls, peer steps
WARM_MONTHS = 24  # months run before timing the stage, so that groups exist
TARGET_RATIO = 50  # decisions stage, vectorized vs the per-agent peer, at TARGET_FULL_AT
TARGET_FULL_RATIO = 40  # the whole model's resident-steps per second vs the peer's, at:
TARGET_FULL_AT = 50_000  # residents (the target is set at this size only)


def build(scenario: str, n: int) -> CommunityModel:
    """A model of ``n`` residents for ``scenario``."""
    return CommunityModel(scenario, seed=SEED, overrides={"community.residents": n})


def time_model(scenario: str, n: int, repeats: int) -> tuple[float, float]:
    """Best construction time and best run time (120 months) over ``repeats`` fresh models."""
    cons, runs = [], []
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        m = build(scenario, n)
        t1 = time.perf_counter()
        m.run(MONTHS)
        t2 = time.perf_counter()
        cons.append(t1 - t0)
        runs.append(t2 - t1)
        del m
    return min(cons), min(runs)


def time_stage(n: int, calls: int, peer_steps: int) -> tuple[float, float, float, int]:
    """Median microseconds per resident-step: vectorized decide vs the Mesa peer.

    Both start from the same state (a model after WARM_MONTHS months). Returns the two medians,
    the peer's first (cold) step in us per resident-step, and the number of members.
    """
    m = build("baseline", n)
    m.run(WARM_MONTHS)
    members = int((m.res.groups[:, 0] >= 0).sum())
    peer = PeerModel(m, seed=SEED)  # copies state: set-up, not timed
    gc.collect()
    vec = []
    for _ in range(calls):
        t0 = time.perf_counter()
        m.begin_month()
        participation.decide(m)
        vec.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    peer.step()  # warm-up, reported apart: fills Mesa's per-cell neighbourhood caches
    cold = time.perf_counter() - t0
    mesa_t = []
    for _ in range(peer_steps):
        t0 = time.perf_counter()
        peer.step()
        mesa_t.append(time.perf_counter() - t0)
    per = 1e6 / n
    return statistics.median(vec) * per, statistics.median(mesa_t) * per, cold * per, members


def stage_breakdown(scenario: str, n: int) -> tuple[dict[str, float], float]:
    """Seconds per stage of STEP_PLAN (plus begin_month) over one 120-month run."""
    spent: dict[str, float] = defaultdict(float)

    def timed(name, fn):
        def call(*a):
            t0 = time.perf_counter()
            fn(*a)
            spent[name] += time.perf_counter() - t0

        return call

    gc.collect()
    m = build(scenario, n)
    m.begin_month = timed("begin_month", m.begin_month)
    plan = community.STEP_PLAN
    community.STEP_PLAN = tuple((name, timed(name, fn)) for name, fn in plan)
    try:
        t0 = time.perf_counter()
        m.run(MONTHS)
        total = time.perf_counter() - t0
    finally:
        community.STEP_PLAN = plan
    return dict(spent), total


def fmt_target(value: float, target: float | None) -> str:
    """'< target (ok)' / '< target (MISSED)' or '-'."""
    if target is None:
        return "-"
    return f"< {target:g} s ({'ok' if value < target else 'MISSED'})"


def main() -> None:
    """Run every measurement and print the tables."""
    print(f"Yingzao benchmark: {MONTHS} months, seed {SEED}; best of N repeats")
    model_rows = []
    for scenario, n, reps, t_run, t_con in MODEL_CASES:
        con, run = time_model(scenario, n, reps)
        model_rows.append((scenario, n, reps, con, run, t_run, t_con))
        print(f"  {scenario} {n}: construct {con:.3f} s, run {run:.3f} s (best of {reps})")
    stage_rows = []
    for n, calls, steps in STAGE_CASES:
        vec, mes, cold, members = time_stage(n, calls, steps)
        stage_rows.append((n, vec, mes, members, calls, steps))
        print(
            f"  decide {n}: vectorized {vec:.3f} us, mesa {mes:.2f} us per resident-step "
            f"(mesa first step, filling neighbourhood caches, untimed: {cold:.2f} us)"
        )
    spent, total = stage_breakdown("baseline", 50_000)

    print("\nmodel        residents  construct_s  run_s(120 mo)  resident-steps/s  repeats  target")
    for scenario, n, reps, con, run, t_run, t_con in model_rows:
        target = fmt_target(run, t_run) + ("; construct " + fmt_target(con, t_con) if t_con else "")
        print(
            f"{scenario:<12} {n:>9,}  {con:>11.3f}  {run:>13.3f}  {n * MONTHS / run:>16,.0f}"
            f"  {'best/' + str(reps):>7}  run {target}"
        )

    print(
        f"\nparticipation  residents  members  vectorized_us/res-step  mesa_us/res-step  ratio"
        f"  target (after {WARM_MONTHS} warm months; medians)"
    )
    for n, vec, mes, members, calls, steps in stage_rows:
        ok = "ok" if mes / vec >= TARGET_RATIO else "MISSED"
        target = f">= {TARGET_RATIO}x ({ok})" if n == TARGET_FULL_AT else "-"
        print(
            f"{'decide':<14} {n:>9,}  {members:>7,}  {vec:>22.3f}  {mes:>16.2f}"
            f"  {mes / vec:>5.0f}x  {target} [{calls} calls / {steps} steps]"
        )

    full = {n: n * MONTHS / run for sc, n, _, _, run, _, _ in model_rows if sc == "baseline"}
    print("\nfull model vs peer  residents  model res-steps/s  peer res-steps/s  ratio  target")
    for n, _vec, mes, *_ in stage_rows:
        if n in full:
            peer = 1e6 / mes
            ok = "ok" if full[n] / peer >= TARGET_FULL_RATIO else "MISSED"
            target = f">= {TARGET_FULL_RATIO}x ({ok})" if n == TARGET_FULL_AT else "-"
            print(
                f"{'baseline':<18} {n:>9,}  {full[n]:>17,.0f}  {peer:>16,.0f}  "
                f"{full[n] / peer:>5.0f}x  {target}"
            )

    print(f"\nwhere the time goes: baseline 50,000 x {MONTHS}, one run, {total:.2f} s")
    for name, s in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<12} {s:7.3f} s  {100 * s / total:5.1f} %")
    other = total - sum(spent.values())
    print(f"  {'other':<12} {other:7.3f} s  {100 * other / total:5.1f} %  (policies' after, loop)")


if __name__ == "__main__":
    main()
