"""Paired comparison of scenarios over replicates (common random numbers).

Replicate ``i`` runs every scenario with the same seed, so each scenario meets the same community
and the same random draws; differences between scenarios are then taken replicate by replicate
(paired), which removes most of the seed-to-seed noise from them.

:func:`compare` prints nothing but the optional progress bar, so the command line, a browser app
or a sweep engine can all build on it. Matplotlib and SciPy are imported only when a figure or
statistics are asked for, to keep ``yingzao --help`` quick. The runs themselves go through
:func:`~yingzao.experiments.runner.run_many` (parallel processes); the ``yingzao compare``
subcommand is in :mod:`yingzao.experiments.compare_cli`. Both are re-exported here.

Example:
    >>> from yingzao.experiments.compare import compare
    >>> cmp = compare(["baseline", "incubation"], reps=2, months=6,
    ...               overrides={"community.residents": 400}, workers=1, progress=False)
    >>> cmp.summaries.shape[0]
    4

"""

from __future__ import annotations

import math
import operator
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from yingzao.experiments.compare_cli import add_parser
from yingzao.experiments.compare_cli import cmd_compare as cmd_compare
from yingzao.experiments.runner import Job as Job
from yingzao.experiments.runner import ProgressArg, RunOutput, run_many
from yingzao.experiments.runner import available_cores as available_cores
from yingzao.experiments.runner import run_one as run_one
from yingzao.scenarios import Scenario, load

from yingzao.errors import InputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["HEADLINE", "Comparison", "add_parser", "compare", "run_many", "t_interval"]

# The metrics of the plain-text table, with the words people read.
HEADLINE = {
    "orgs_functional": "functional groups alive at the end",
    "functional_share": "share of groups that are functional",
    "participation_rate": "residents doing public work (last 3 months)",
    "needs_met": "needs met",
    "federation_members": "federation members",
    "outside_money_spent": "outside money spent (yuan)",
    "functional_alive_24m_after": "functional groups alive 24 months after withdrawal",
}
# Proportions shown as percentages (differences in percentage points).
_SHARES = {"functional_share", "participation_rate", "recreation_rate", "needs_met"}
# Summary keys that are settings rather than outcomes: no statistics for them.
_NOT_OUTCOMES = {"residents", "withdrawal_month"}
_IDS = ("scenario", "replicate", "seed")
# Series panels of the figure: (column, axis label, scale).
_PANELS = (
    ("orgs_functional", "functional groups alive", 1.0),
    ("orgs_recreational", "recreational groups alive", 1.0),
    ("participation_rate", "residents doing public work (%)", 100.0),
    ("needs_met", "needs met (%)", 100.0),
)


# --- comparing -------------------------------------------------------------------------------


def resolve(ref: str | os.PathLike | Scenario, overrides: dict[str, Any] | None) -> Scenario:
    """A scenario name, path or object with ``overrides`` applied.

    Raises:
        InputError: unknown scenario, unreadable file, bad key or value.

    """
    if isinstance(ref, Scenario):
        return ref.with_overrides(overrides) if overrides else ref
    if isinstance(ref, str | os.PathLike):
        return load(os.fspath(ref), overrides or None)
    raise TypeError(f"a scenario must be a name, a path or a Scenario, not {type(ref).__name__}")


def _unique(names: list[str]) -> list[str]:
    """Names made unique: the second 'baseline' becomes 'baseline (2)'."""
    used = set(names)
    out: list[str] = []
    for name in names:
        if name not in out:
            out.append(name)
            continue
        k = 2
        while f"{name} ({k})" in used:
            k += 1
        out.append(f"{name} ({k})")
        used.add(out[-1])
    return out


def _seed_list(reps: int, seeds: Iterable[int] | None) -> list[int]:
    if seeds is None:
        if not isinstance(reps, int | np.integer) or reps < 1:
            raise InputError(f"reps {reps!r}: must be a whole number, at least 1")
        return list(range(int(reps)))
    try:
        out = [operator.index(s) for s in seeds]
    except TypeError:
        raise InputError("seeds: must be whole numbers") from None
    if not out:
        raise InputError("seeds: at least one is needed")
    if min(out) < 0:
        raise InputError(f"seed {min(out)}: must be a non-negative whole number")
    if len(set(out)) < len(out):
        # a repeated seed is the same run twice: it would narrow the intervals for nothing
        dup = next(s for s in out if out.count(s) > 1)
        raise InputError(f"seed {dup} is given twice; replicates need distinct seeds")
    return out


def compare(
    scenarios: Sequence[str | os.PathLike | Scenario] | str | Scenario,
    reps: int = 20,
    seeds: Iterable[int] | None = None,
    overrides: dict[str, Any] | None = None,
    months: int | None = None,
    workers: int | None = None,
    progress: ProgressArg = True,
    labels: Sequence[str] | None = None,
) -> Comparison:
    """Run scenarios over paired replicates and collect tidy results.

    Replicate ``i`` uses seed ``seeds[i]`` in every scenario (common random numbers). Every
    scenario is resolved before any run starts, so a bad name, file or value fails at once.

    Args:
        scenarios: Built-in names, paths to ``.toml`` files or resolved :class:`Scenario`
            objects; the first is the reference for differences. One scenario is allowed (means
            and intervals only).
        reps: Replicates per scenario; used when ``seeds`` is not given (seeds ``0..reps-1``).
        seeds: One distinct non-negative seed per replicate; when given, it sets the number of
            replicates and ``reps`` is not used.
        overrides: ``{key: value}`` applied to every scenario (values may be text).
        months: Months to run every scenario (default: each scenario's ``run.months``).
        workers: Processes (default: the available cores); 1 runs in this process.
        progress: ``True`` for a progress bar on standard error, ``False`` for none, or a
            function called as ``progress(done, total)``.
        labels: Names for the scenarios in the results (default: scenario names, made unique).

    Returns:
        The :class:`Comparison`.

    Raises:
        InputError: unknown scenario, bad key or value, bad ``reps``, ``seeds`` or ``workers``.

    """
    refs = [scenarios] if isinstance(scenarios, str | os.PathLike | Scenario) else list(scenarios)
    if not refs:
        raise InputError("compare needs at least one scenario")
    if workers is not None and workers < 1:
        raise InputError(f"workers {workers}: must be at least 1")
    seed_list = _seed_list(reps, seeds)
    ov = dict(overrides or {})
    if months is not None:
        ov["run.months"] = months
    resolved = [resolve(r, ov) for r in refs]
    if labels is None:
        names = _unique([sc.name for sc in resolved])
    else:
        names = [str(x) for x in labels]
        if len(names) != len(resolved) or len(set(names)) != len(names):
            raise InputError(f"labels: need {len(resolved)} distinct labels, got {names}")
    # replicate-major, so that an interrupted or slow batch has every scenario equally far along
    jobs = [
        (names[k], rep, seed, sc)
        for rep, seed in enumerate(seed_list)
        for k, sc in enumerate(resolved)
    ]
    outputs = run_many(jobs, workers=workers, progress=progress, label="compare")
    order = {name: k for k, name in enumerate(names)}
    outputs.sort(key=lambda o: (order[o[0]], o[1]))
    return Comparison.from_runs(outputs, names, seed_list, resolved)


# --- results ---------------------------------------------------------------------------------


def _none_to_nan(df: pd.DataFrame) -> pd.DataFrame:
    """Columns of numbers with gaps (None) become float columns with NaN."""
    for c in df.columns:
        col = df[c]
        if col.dtype != object:
            continue
        vals = col.dropna()
        numeric = vals.map(
            lambda v: isinstance(v, int | float | np.number) and not isinstance(v, bool | np.bool_)
        )
        if numeric.all():
            df[c] = pd.to_numeric(col, errors="coerce").astype(float)
    return df


def t_interval(x: Iterable[float], level: float = 0.95) -> tuple[float, float, float, int]:
    """Mean and two-sided t-interval of the non-NaN values: ``(mean, low, high, n)``.

    One value gives a NaN interval, none a NaN mean; identical values give ``[mean, mean]``.
    """
    a = np.asarray(list(x) if not isinstance(x, np.ndarray | pd.Series) else x, dtype=float)
    a = a[~np.isnan(a)]
    n = int(a.size)
    if n == 0:
        return math.nan, math.nan, math.nan, 0
    m = float(a.mean())
    if n == 1:
        return m, math.nan, math.nan, 1
    from scipy import stats  # lazy: SciPy's statistics take a while to import

    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * a.std(ddof=1) / math.sqrt(n))
    return m, m - half, m + half, n


@dataclass(eq=False)
class Comparison:
    """Results of :func:`compare`.

    Attributes:
        labels: Scenario labels in order; the first is the reference for differences.
        seeds: Seed of each replicate (the same in every scenario).
        series: One row per scenario x replicate x month: ``scenario``, ``replicate``, ``seed``,
            then every series column (``month`` first).
        summaries: One row per scenario x replicate: ``scenario``, ``replicate``, ``seed``, then
            every summary key (None becomes NaN).
        scenarios: The resolved scenarios, parallel to ``labels`` (may be empty when the
            comparison was rebuilt from files).

    """

    labels: list[str]
    seeds: list[int]
    series: pd.DataFrame
    summaries: pd.DataFrame
    scenarios: list[Scenario] = field(default_factory=list)

    @classmethod
    def from_runs(
        cls,
        outputs: Sequence[RunOutput],
        labels: list[str],
        seeds: list[int],
        scenarios: list[Scenario] | None = None,
    ) -> Comparison:
        """Assemble tidy frames from run outputs (kept in the order given)."""
        frames, rows = [], []
        for label, rep, seed, ser, summ in outputs:
            ids = {"scenario": label, "replicate": rep, "seed": seed}
            frames.append(pd.DataFrame(ids, index=ser.index).join(ser))
            rows.append({**ids, **summ})
        series = pd.concat(frames, ignore_index=True)
        summaries = _none_to_nan(pd.DataFrame(rows))
        return cls(list(labels), list(seeds), series, summaries, list(scenarios or []))

    @property
    def reps(self) -> int:
        """Replicates per scenario."""
        return len(self.seeds)

    def metrics(self) -> list[str]:
        """Numeric outcome columns of the summaries that have a value in some run."""
        out = []
        for c in self.summaries.columns:
            col = self.summaries[c]
            if c in _IDS or c in _NOT_OUTCOMES or col.dtype == bool:
                continue
            if pd.api.types.is_numeric_dtype(col) and col.notna().any():
                out.append(c)
        return out

    @cached_property
    def stats(self) -> pd.DataFrame:
        """One row per metric x scenario: mean and 95% t-interval, paired difference to the first.

        Columns: ``scenario``, ``metric``, ``n`` (replicates with a value), ``mean``, ``ci_low``,
        ``ci_high`` (95% t-interval; NaN for n = 1), ``n_pairs`` (replicates where this scenario
        and the first both have a value), ``diff`` (mean of per-replicate differences to the
        first scenario), ``diff_low``, ``diff_high`` (paired 95% t-interval). For the first
        scenario ``n_pairs`` is 0 and the differences are NaN. Metrics are the numeric outcome
        keys of the summary (see :meth:`metrics`); rows go metric by metric.
        """
        rows = []
        for metric in self.metrics():
            wide = self.summaries.pivot(index="replicate", columns="scenario", values=metric)
            ref = wide[self.labels[0]].astype(float)
            for k, label in enumerate(self.labels):
                x = wide[label].astype(float)
                mean, lo, hi, n = t_interval(x.to_numpy())
                row = {"scenario": label, "metric": metric, "n": n}
                row.update(mean=mean, ci_low=lo, ci_high=hi)
                if k == 0:
                    row.update(n_pairs=0, diff=math.nan, diff_low=math.nan, diff_high=math.nan)
                else:
                    d, dlo, dhi, npairs = t_interval((x - ref).to_numpy())
                    row.update(n_pairs=npairs, diff=d, diff_low=dlo, diff_high=dhi)
                rows.append(row)
        return pd.DataFrame(
            rows,
            columns=[
                "scenario",
                "metric",
                "n",
                "mean",
                "ci_low",
                "ci_high",
                "n_pairs",
                "diff",
                "diff_low",
                "diff_high",
            ],
        )

    def months_by_scenario(self) -> dict[str, int]:
        """Months run per scenario label."""
        g = self.series.groupby("scenario", sort=False)["month"].max() + 1
        return {lab: int(g[lab]) for lab in self.labels if lab in g.index}

    def stats_records(self) -> list[dict[str, Any]]:
        """The statistics as plain records (NaN as None), e.g. for JSON."""
        recs = self.stats.to_dict("records")
        return [{k: _plain(v) for k, v in r.items()} for r in recs]

    def table(self, metrics: Sequence[str] | None = None) -> str:
        """Plain text for people: per scenario the mean [95% CI] and the paired difference.

        Args:
            metrics: Summary keys to show (default: :data:`HEADLINE`); metrics without any value
                (e.g. survival after a withdrawal that never happens) are left out.

        """
        st = self.stats
        ref = self.labels[0]
        keys = list(HEADLINE) if metrics is None else list(metrics)
        unknown = [k for k in keys if k not in self.summaries.columns or k in _IDS]
        if metrics is not None and unknown:
            raise InputError(f"unknown metric {unknown[0]!r}; metrics: {', '.join(self.metrics())}")
        shown = [k for k in keys if (st["metric"] == k).any()]
        lines = [self._header()]
        w = max(len(lab) for lab in self.labels)
        marked = False
        for key in shown:
            block = st[st["metric"] == key].set_index("scenario")
            digits = _digits(key, block["mean"])
            lines += ["", HEADLINE.get(key, key)]
            cells = []
            for lab in self.labels:
                r = block.loc[lab]
                cell = [_num(key, r["mean"], digits), _ci(key, r.ci_low, r.ci_high, digits), "", ""]
                if lab != ref:
                    cell[2] = _num(key, r["diff"], digits, sign=True)
                    cell[3] = _ci(key, r.diff_low, r.diff_high, digits, sign=True)
                    if r.diff_low > 0 or r.diff_high < 0:  # NaN compares False: no mark
                        cell[3] += " *"
                        marked = True
                cells.append((lab, *cell))
            # numbers right-aligned, intervals left-aligned, so that columns line up
            vw, cw, dw = (max(len(c[i]) for c in cells) for i in (1, 2, 3))
            for lab, val, ci, dval, dci in cells:
                line = f"  {lab:<{w}}  {val:>{vw}} {ci:<{cw}}"
                if dval:
                    line += f"   {dval:>{dw}} {dci}"
                lines.append(line.rstrip())
        if not shown:
            lines += ["", "(none of the metrics asked for has a value in these runs)"]
        if marked:
            lines += ["", f"* the 95% interval of the difference to {ref} excludes 0"]
        return "\n".join(lines)

    def _header(self) -> str:
        n_sc, reps = len(self.labels), self.reps
        months = self.months_by_scenario()
        span = sorted(set(months.values()))
        run = f"{span[0]} months" if len(span) == 1 else f"{span[0]}-{span[-1]} months"
        head = [
            f"{n_sc} scenario{'s' if n_sc > 1 else ''} x {reps} replicate{'s' if reps > 1 else ''}"
            f" ({_seeds_text(self.seeds)}), {run}.",
        ]
        if n_sc > 1:
            head += [
                "Replicate i uses the same seed in every scenario, so differences are paired.",
                "Values at the end of the run: mean [95% confidence interval], then the",
                f"difference to {self.labels[0]} (mean of per-replicate differences) [95% CI].",
            ]
        else:
            head.append("Mean [95% confidence interval] at the end of the run.")
        if len(span) > 1:
            each = ", ".join(f"{lab} {m}" for lab, m in months.items())
            head.append(
                f"Note: run lengths differ ({each}); "
                "run them for the same months to compare like with like."
            )
        return "\n".join(head)

    def figure(self, path: str | Path | None = None) -> Figure:
        """Panels over months: per scenario the median across replicates and a 10-90% band.

        Args:
            path: Where to save the figure (PNG, or any format Matplotlib knows by suffix).

        Returns:
            The Matplotlib figure (no pyplot state is touched, so this is safe in servers).

        """
        from matplotlib.figure import Figure

        panels = [p for p in _PANELS if p[0] in self.series.columns]
        fig = Figure(figsize=(11, 7.5), layout="constrained")
        axes = fig.subplots(2, 2, sharex=True, squeeze=False).ravel()
        for ax, (col, ylabel, scale) in zip(axes, panels, strict=False):
            for k, lab in enumerate(self.labels):
                g = self.series.loc[self.series["scenario"] == lab].groupby("month")[col]
                q = g.quantile([0.1, 0.5, 0.9]).unstack() * scale
                color = f"C{k % 10}"
                ax.fill_between(q.index, q[0.1], q[0.9], color=color, alpha=0.2, lw=0)
                ax.plot(q.index, q[0.5], color=color, lw=2, label=lab)
            ax.set_ylabel(ylabel)
            ax.grid(alpha=0.3)
        for ax in axes[len(panels) :]:
            ax.set_visible(False)
        for ax in axes[-2:]:
            ax.set_xlabel("month")
        axes[0].legend(loc="upper left", fontsize=8, frameon=False)
        fig.suptitle(
            f"{self.reps} paired replicate{'s' if self.reps > 1 else ''} per scenario: "
            "median (line) and 10-90% of replicates (band)",
            fontsize=10,
        )
        if path is not None:
            fig.savefig(Path(path), dpi=110)
        return fig

    def save(self, out: str | Path) -> list[Path]:
        """Write series and summaries (.parquet, .csv), stats.csv and comparison.png to ``out``."""
        from yingzao.model.results import write_table

        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        paths = write_table(self.series, out / "series")
        paths += write_table(self.summaries, out / "summaries")
        paths.append(out / "stats.csv")
        self.stats.to_csv(paths[-1], index=False)
        paths.append(out / "comparison.png")
        self.figure(paths[-1])
        return paths


def _plain(v: Any) -> Any:
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _seeds_text(seeds: list[int]) -> str:
    if len(seeds) == 1:
        return f"seed {seeds[0]}"
    if seeds == list(range(seeds[0], seeds[0] + len(seeds))):
        return f"seeds {seeds[0]}-{seeds[-1]}"
    shown = ", ".join(map(str, seeds[:5]))
    return f"seeds {shown}{', ...' if len(seeds) > 5 else ''}"


def _digits(key: str, means: pd.Series) -> int:
    """Decimals for one metric, from the size of its means (shares are in percent)."""
    if key in _SHARES:
        return 1
    top = float(np.nanmax(np.abs(means.to_numpy(dtype=float)))) if means.notna().any() else 0.0
    return 0 if top >= 100 else 1 if top >= 10 else 2


def _r(v: float, digits: int) -> float:
    return round(v, digits) + 0.0  # + 0.0 turns -0.0 into 0.0, which people misread


def _num(key: str, v: float, digits: int, sign: bool = False) -> str:
    if v is None or not math.isfinite(v):
        return "-"
    plus = "+" if sign else ""
    if key in _SHARES:
        return f"{_r(100 * v, digits):{plus}.{digits}f}" + (" pp" if sign else "%")
    return f"{_r(v, digits):{plus},.{digits}f}"


def _ci(key: str, lo: float, hi: float, digits: int, sign: bool = False) -> str:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return "[no interval]"
    if key in _SHARES:  # the unit is on the value already
        plus = "+" if sign else ""
        return f"[{_r(100 * lo, digits):{plus}.{digits}f}, {_r(100 * hi, digits):{plus}.{digits}f}]"
    return f"[{_num(key, lo, digits, sign)}, {_num(key, hi, digits, sign)}]"
