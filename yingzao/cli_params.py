"""The listing commands: ``yingzao scenarios`` and ``yingzao params``, and ``--set`` pairs."""

from __future__ import annotations

import argparse
import json
from typing import Any

from yingzao.checks import shown
from yingzao.errors import InputError


def set_pairs(pairs: list[str]) -> dict[str, str]:
    """``--set KEY=VALUE`` pairs as ``{key: value}`` (values still text)."""
    out: dict[str, str] = {}
    for p in pairs or []:
        if "=" not in p:
            raise InputError(f"--set {shown(p)}: expected KEY=VALUE, e.g. --set ngo.months=48")
        k, v = p.split("=", 1)
        out[k.strip()] = v
    return out


def cmd_scenarios(_: argparse.Namespace) -> int:
    """List the built-in scenarios."""
    from yingzao.model.city_spec import describe_cities
    from yingzao.scenarios import describe_all

    rows, cities = describe_all(), describe_cities()
    w = max(len(n) for n, _ in rows + cities)
    for name, desc in rows:
        print(f"{name:<{w}}  {desc}")
    print("\nCities (yingzao run CITY; see README, City runs):")
    for name, desc in cities:
        print(f"{name:<{w}}  {desc}")
    return 0


def cmd_params(a: argparse.Namespace) -> int:
    """Print every parameter of a scenario."""
    from yingzao.model.city_spec import load_any
    from yingzao.model.defaults import DECLARATIONS

    sc = load_any(a.scenario, set_pairs(a.set))
    if a.json:
        print(
            json.dumps(
                {
                    k: {
                        "value": sc.values[k],
                        "unit": p.unit,
                        "allowed": p.allowed(),
                        "source": p.source,
                        "set_by": sc.origins[k],
                        "meaning": p.doc,
                    }
                    for k, p in DECLARATIONS.items()
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    if a.markdown:
        print(markdown_table(sc))
        return 0
    print(f"# {sc.name}: {sc.description}")
    print(f"# policies on: {', '.join(sc.policies()) or 'none'}")
    print(f"{'key':34} {'value':>14}  {'unit':28} {'allowed':26} {'set by':22} source")
    for k, p in DECLARATIONS.items():
        sec = p.section
        off = sec in _policy_names() and not sc.values[f"{sec}.enabled"]
        if off and not a.all and k != f"{sec}.enabled":
            continue  # parameters of policies that are off are listed with --all
        val = _value_text(sc.values[k])
        print(
            f"{k:34} {val:>14}  {p.unit[:28]:28} {p.allowed()[:26]:26} "
            f"{sc.origins[k][:22]:22} {p.source}"
        )
    return 0


def _value_text(val: Any) -> str:
    if isinstance(val, bool):
        return str(val).lower()
    return f"{val:g}" if isinstance(val, float) else str(val)


def markdown_table(sc) -> str:
    """Every parameter as a Markdown table (key, value, unit, allowed, source, meaning)."""
    from yingzao.model.defaults import DECLARATIONS

    lines = [
        "| key | value | unit | allowed | source of default | meaning |",
        "|---|---|---|---|---|---|",
    ]
    for k, p in DECLARATIONS.items():
        val = _value_text(sc.values[k])
        cells = (k, val, p.unit, p.allowed(), p.source, p.doc)
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def _policy_names() -> tuple[str, ...]:
    from yingzao.model.defaults import POLICIES

    return POLICIES
