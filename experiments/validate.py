"""The validation suite: the six field patterns of DOMAIN.md as explicit statistical statements.

Every arm is run with the same seeds (replicate i uses seed i everywhere), so comparisons are
paired. Each pattern is one or more checks; a check names its statistic, its test and its
threshold, and passes only if the whole 95% interval clears the threshold (a one-sided test at
the 2.5% level). Thresholds are read from the field reports and papers cited with each check;
they are deliberately modest where the field gives only a direction ("far fewer", "clearly").
"""

from __future__ import annotations

import datetime as _dt
import json
import time
from pathlib import Path

import numpy as np
from yingzao.experiments.ablations import ablations, robustness
from yingzao.experiments.checks import Check, Data, PatternSpec
from yingzao.experiments.field_cases import case_table
from yingzao.experiments.group_figures import collect_groups, group_size_figure
from yingzao.experiments.group_lives import lives_table
from yingzao.experiments.pattern_checks import ARMS, patterns
from yingzao.experiments.replicate import replicate, shared_runs
from yingzao.experiments.target_checks import check_targets
from yingzao.experiments.validation_report import markdown_report, status_record, text_report
from yingzao.model.calibrated_defaults import RECORD

from yingzao.errors import InputError

__all__ = ["ARMS", "Check", "Data", "PatternSpec", "markdown_report", "patterns", "validate"]

FIGURE_SEEDS = 10  # seeds of the group-size figure (its runs are in this process)


def extras(d: Data) -> dict[str, float]:
    """Figures reported beside the checks (not tested): the all-groups view and group growth."""

    def mean(x: np.ndarray) -> float:
        x = x[np.isfinite(x)]
        return float(x.mean()) if x.size else float("nan")

    return {
        "incubation: share of coached functional teams grown >= 3x since first coached": mean(
            d.summary("incubation", "coached_grew_3x_share")
        ),
        "incubation: coached functional teams that reached 20 members, per run": mean(
            d.summary("incubation", "coached_reached_20")
        ),
        "substitution minus baseline (same money): functional groups at month 119": mean(
            d.at("substitution same money", 119, "orgs_functional")
            - d.at("baseline", 119, "orgs_functional")
        ),
        "support-3y kept: share of the month-36 cohort alive 24 months later": mean(
            d.survival("support-3y kept", of="cohort")
        ),
        "support-8y kept: share of the month-96 cohort alive 24 months later": mean(
            d.survival("support-8y kept", of="cohort")
        ),
        "baseline: median peak size of functional groups never coached or funded": mean(
            d.summary("baseline", "uncoached_functional_peak_median")
        ),
        "support-3y: functional groups alive at withdrawal, per run": mean(
            d.summary("support-3y", "functional_at_withdrawal")
        ),
    }


def collect(reps: int, workers: int | None = None, seeds: list[int] | None = None) -> Data:
    """Run every arm with the same seeds."""
    from yingzao.experiments.compare import MAX_REPS

    if seeds is None and reps > MAX_REPS:  # before a list of them is built
        raise InputError(f"reps {reps}: at most {MAX_REPS:,} (every run is kept in memory)")
    seeds = list(seeds if seeds is not None else range(reps))
    summ, ser = {}, {}
    for label, (scenario, ov) in ARMS.items():
        s, se = replicate(scenario, seeds, ov, workers=workers, posterior=False)
        summ[label], ser[label] = s, se
    return Data(summ, ser)


def run_validation(
    reps: int = 30,
    workers: int | None = None,
    cases: bool = False,
    ablation_reps: int = 0,
    posterior_sets: int = 0,
    posterior_seeds: int = 2,
) -> tuple[list[PatternSpec], dict]:
    """Run the suite; returns patterns and info.

    With ``cases``: the field-case table and every field target (calibration and held-out)
    at each case's size; ``ablation_reps`` > 0: each pattern without its mechanism, over that
    many seeds; ``posterior_sets`` > 0: the share of that many posterior parameter sets (each
    over ``posterior_seeds`` seeds) where each pattern and ranking holds.
    """
    with shared_runs():  # arms read by several parts run once
        return _run_validation(reps, workers, cases, ablation_reps, posterior_sets, posterior_seeds)


def _run_validation(reps, workers, cases, ablation_reps, posterior_sets, posterior_seeds):
    t0 = time.perf_counter()
    data = collect(reps, workers)
    pats = patterns()
    for p in pats:
        for c in p.checks:
            c.evaluate(data)
    info = {"reps": reps, "date": _dt.date.today().isoformat(), "arms": ARMS}
    info["calibration"] = RECORD
    if cases:
        info["cases"] = case_table(reps, workers)
        info["targets"] = check_targets(list(range(reps)), workers)
    if ablation_reps:
        info["ablations"] = ablations(list(range(ablation_reps)), workers)
        info["ablation_reps"] = ablation_reps
    if posterior_sets:
        info["robustness"] = robustness(posterior_sets, list(range(posterior_seeds)), workers)
    info["extras"] = extras(data)
    info["seconds"] = time.perf_counter() - t0
    return pats, info


def validate(
    reps: int = 30,
    out: str | Path | None = None,
    workers: int | None = None,
    ablation_reps: int | None = None,
    posterior_sets: int = 20,
    posterior_seeds: int = 2,
) -> str:
    """Run the suite, write the Markdown report to ``out`` if given; return the text report.

    The report file also gets the field-case table, the field targets, the ablations (over
    ``ablation_reps`` seeds, default ``reps``), the robustness over ``posterior_sets`` posterior
    parameter sets, and a figure of group sizes (written beside it); the returned text has the
    patterns, ablations and robustness.
    """
    if out is not None:  # before the runs: a bad path must not cost the whole validation
        from yingzao.outputs import check_report_file

        check_report_file(out)
    pats, info = run_validation(
        reps,
        workers,
        cases=out is not None,
        ablation_reps=reps if ablation_reps is None else ablation_reps,
        posterior_sets=posterior_sets,
        posterior_seeds=posterior_seeds,
    )
    if out is not None:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        fig = Path(out).with_name(Path(out).stem + "-group-sizes.png")
        seeds = range(min(reps, FIGURE_SEEDS))
        lives = {}
        for arm in ("baseline", "incubation"):
            data = collect_groups(arm, seeds)
            if arm == "incubation":
                group_size_figure(arm, seeds, fig, data)
            lives[arm] = lives_table(data[0], data[2], len(seeds))
        info["figure"] = fig.name
        info["lives"], info["lives_runs"] = lives, len(seeds)
        Path(out).write_text(markdown_report(pats, info), encoding="utf-8")
        status = json.dumps(status_record(pats, info), indent=1, ensure_ascii=False)
        Path(out).with_suffix(".json").write_text(status + "\n", encoding="utf-8")
    return text_report(pats, info)
