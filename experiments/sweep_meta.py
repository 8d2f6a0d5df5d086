"""What a sweep records about itself: its fingerprint, the contents of ``sweep.json``, spec TOML.

:func:`spec_fingerprint` and :func:`sweep_info` back :attr:`SweepSpec.spec_hash
<yingzao.experiments.sweep_spec.SweepSpec.spec_hash>` and :meth:`SweepSpec.info
<yingzao.experiments.sweep_spec.SweepSpec.info>`; :func:`to_toml` writes ``spec.toml`` for a spec
that was given as a dict (it is re-exported from :mod:`yingzao.experiments.sweep_spec`).
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from yingzao.experiments.sweep_checks import flatten

from yingzao.errors import InputError

if TYPE_CHECKING:
    from yingzao.experiments.sweep_spec import SweepSpec


def spec_fingerprint(spec: SweepSpec) -> str:
    """Fingerprint of everything that decides the results (not the name nor the folder).

    The base scenario enters by its resolved values and the keys set explicitly (a policy key
    set in a point turns the policy on only when its ``enabled`` key was not set), so moving a
    spec file or renaming a scenario keeps the hash while a changed scenario file does not.
    """
    doc = {
        "values": spec.base.values,
        "explicit": sorted(spec.base.explicit),
        "design": spec.design,
        "samples": spec.samples,
        "levels": spec.levels,
        "reps": spec.reps,
        "seed": spec.seed,
        "outputs": list(spec.outputs),
        "series": spec.series,
        "parameters": spec.parameters,
        "set": spec.set,
    }
    if spec.table is not None:
        doc["table"] = spec.table
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def sweep_info(spec: SweepSpec) -> dict[str, Any]:
    """The content of ``sweep.json``."""
    return {
        "name": spec.name,
        "scenario": spec.scenario,
        "design": spec.design,
        "samples": spec.samples,
        "levels": spec.levels,
        "reps": spec.reps,
        "seed": spec.seed,
        "outputs": list(spec.outputs),
        "series": spec.series,
        "parameters": spec.parameters,
        "set": spec.set,
        "problem": spec.problem,
        "calc_second_order": False,
        "n_points": spec.n_points,
        "n_runs": spec.n_runs,
        "spec_hash": spec.spec_hash,
    }


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):  # an inline table (a point of a 'table' design)
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(x)}" for k, x in v.items()) + "}"
    if hasattr(v, "item"):  # a numpy number
        return _toml_value(v.item())
    raise InputError(f"sweep spec: cannot write {v!r} as TOML")


def to_toml(doc: dict[str, Any]) -> str:
    """A spec dict as TOML text (for ``spec.toml`` when the spec did not come from a file)."""
    lines = [f"{k} = {_toml_value(v)}" for k, v in doc.items() if not isinstance(v, dict)]
    # points of a 'table' design (a list) come before the tables, where TOML wants them
    for k, v in doc.items():
        if isinstance(v, dict):
            lines += ["", f"[{k}]"]
            lines += [f"{json.dumps(kk)} = {_toml_value(vv)}" for kk, vv in flatten(v).items()]
    return "\n".join(lines) + "\n"
