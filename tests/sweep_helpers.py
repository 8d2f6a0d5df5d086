"""Shared pieces of the sweep tests: a tiny spec, helpers and one finished sweep."""

from __future__ import annotations

import argparse
import copy
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from yingzao.experiments.sweep import (
    load_results,
    run_sweep,
)
from yingzao.experiments.sweep_cli import add_parser
from yingzao.experiments.sweep_spec import to_toml

EXAMPLE = Path(__file__).resolve().parents[1] / "experiments" / "example-sweep.toml"
OUTPUTS = ["orgs_functional", "needs_met", "participation_rate", "functional_alive_24m_after"]
# a tiny community: a run takes about 15 ms
SPEC = {
    "name": "tiny",
    "scenario": "chengdu",
    "design": "lhs",
    "samples": 8,
    "reps": 3,
    "seed": 4,
    "outputs": OUTPUTS,
    "set": {"community.residents": 300, "run.months": 12},
    "parameters": {"grants.per_100_households": [0.0, 8000.0], "ngo.months": [12, 60]},
}
N_RUNS = 8 * 3
RUN_ID = re.compile(r"^p\d{5}-r\d{3}$")


def make_spec(tmp_path: Path, filename: str = "spec.toml", **changes) -> Path:
    doc = copy.deepcopy(SPEC)
    for k, v in changes.items():
        if v is None:
            doc.pop(k, None)
        else:
            doc[k] = v
    path = tmp_path / filename
    path.write_text(to_toml(doc))
    return path


def sweep(spec, out, **kw):
    kw.setdefault("workers", 2)
    kw.setdefault("progress", False)
    return run_sweep(spec, out=out, **kw)


def rows_by_id(out: Path) -> pd.DataFrame:
    return load_results(out)[1].drop(columns="seconds").set_index("run_id").sort_index()


def part_ids(out: Path) -> dict[str, list[str]]:
    return {
        p.name: pq.read_table(p, columns=["run_id"]).column("run_id").to_pylist()
        for p in sorted((out / "runs").glob("part-*.parquet"))
    }


def finished_sweep(tmp_path_factory):
    """One finished sweep (2 workers, small parts) with series: a module's ``done`` fixture."""
    tmp = tmp_path_factory.mktemp("sweep")
    spec = make_spec(tmp, series=True)
    out = tmp / "out"
    report = sweep(spec, out, flush_rows=4, flush_seconds=60)
    return spec, out, report


def cli(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="yingzao")
    add_parser(p.add_subparsers(dest="command", required=True))
    a = p.parse_args(argv)
    return a.fn(a)
