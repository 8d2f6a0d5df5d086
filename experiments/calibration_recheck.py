"""Out-of-sample check of calibration records: their best sets at seeds no stage of them used.

A record's best set was chosen among many on the seeds its waves (or confirm stage) ran, so its
fit on those seeds is flattered (the winner's curse). Here each record's best set runs again on
the calibrating targets at new seeds, all records' sets on the same seeds (paired), and the
table gives each target's mean, whether it is inside its band, and its implausibility from
these runs alone (the first record's spec sets the formula and the arms)::

    python -m yingzao.experiments.calibration_recheck RECORD [RECORD ...] --seed 8 --reps 6

The seeds must lie above every seed the records used (their waves and confirm stages), or the
check refuses: it would not be out of sample.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import pandas as pd
from yingzao.experiments.calibrate import evaluate, simulated_implausibility, target_means
from yingzao.experiments.calibrate_spec import load_calibration_spec

from yingzao.errors import InputError


def used_seeds(record_dir: Path) -> int:
    """The highest seed any stage of the record at ``record_dir`` ran."""
    rec = json.loads((record_dir / "record.json").read_text(encoding="utf-8"))
    top = int(rec["seed"]) + int(rec["reps"]) - 1
    confirm = rec.get("confirm")
    if confirm:
        top = max(top, *[int(s) for s in confirm["seeds"]])
    return top


def recheck(records: list[Path], seed: int, reps: int, workers: int | None = None) -> pd.DataFrame:
    """Each record's best set at seeds ``seed`` .. ``seed + reps - 1``: one row per target.

    Columns: target, band, then per record its mean, ``inside`` (yes or no) and implausibility;
    the last row: the count inside and the largest implausibility.

    Raises:
        InputError: no record, fewer than 2 seeds, or a seed some record already used.

    """
    if not records:
        raise InputError("name at least one calibration record folder")
    if reps < 2:
        raise InputError(f"--reps {reps}: at least 2 seeds (a seed variance is needed)")
    for r in records:
        if not (r / "record.json").is_file():
            raise InputError(f"{r}: no record.json there (a calibration record folder)")
        if seed <= used_seeds(r):
            raise InputError(
                f"--seed {seed}: {r} used seeds up to {used_seeds(r)}; start above it "
                "for an out-of-sample check"
            )
    spec = load_calibration_spec(records[0] / "spec.toml")
    bests = [json.loads((r / "record.json").read_text(encoding="utf-8"))["best"] for r in records]
    keys = sorted({k for b in bests for k in b})
    missing = [str(r) for r, b in zip(records, bests, strict=True) if set(b) != set(keys)]
    if missing:
        raise InputError(f"the records calibrate different parameters: {', '.join(missing)}")
    points = pd.DataFrame([{k: b[k] for k in keys} for b in bests])
    with tempfile.TemporaryDirectory() as d:
        stage = Path(d) / "recheck"
        stage.mkdir()
        runs = evaluate(
            spec, stage, points, spec.calibrating, workers, None, lambda s: None,
            reps=reps, seed=seed,
        )  # fmt: skip
        means, var = target_means(spec.calibrating, runs, len(points))
    imp = simulated_implausibility(spec.calibrating, means, var, spec)
    rows = []
    for t in spec.calibrating:
        row = {"target": t.id, "band": f"{t.band[0]:g} to {t.band[1]:g}"}
        for i, r in enumerate(records):
            m = float(means[t.id][i])
            row[f"{r.name} mean"] = m
            row[f"{r.name} inside"] = "yes" if t.band[0] <= m <= t.band[1] else "no"
            row[f"{r.name} I"] = float(imp[t.id][i])
        rows.append(row)
    out = pd.DataFrame(rows)
    total = {"target": "inside / largest I", "band": f"{len(rows)} targets"}
    for i, r in enumerate(records):
        total[f"{r.name} mean"] = float("nan")
        total[f"{r.name} inside"] = int((out[f"{r.name} inside"] == "yes").sum())
        total[f"{r.name} I"] = float(imp["max"][i])
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True)


def markdown(table: pd.DataFrame) -> str:
    """The table in Markdown (numbers to 3 significant figures)."""

    def cell(x) -> str:
        if isinstance(x, float):
            return "" if x != x else f"{x:.3g}"
        return str(x)

    lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(cell(x) for x in row) + " |" for row in table.itertuples(False)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the check's table; 2 with a one-line error for bad input."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("records", nargs="+", type=Path, help="calibration record folders")
    ap.add_argument("--seed", type=int, required=True, help="the first new seed")
    ap.add_argument("--reps", type=int, default=6, help="seeds (default 6)")
    ap.add_argument("--workers", type=int, default=None, help="local processes")
    a = ap.parse_args(argv)
    try:
        table = recheck(a.records, a.seed, a.reps, a.workers)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"best sets at seeds {a.seed}-{a.seed + a.reps - 1} (none used by the records)")
    print(markdown(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
