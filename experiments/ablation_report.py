"""The ablation and robustness sections of the validation report (text and Markdown)."""

from __future__ import annotations


def _verdict(row: dict) -> str:
    if row["with"] is None:
        return "no mechanism switched off"
    if not row["with"]:
        return "does not hold even with it"
    if row["without"] is None:
        return "cannot be judged: no check is defined without it"
    return (
        "explained: fails without it" if not row["without"] else "NOT EXPLAINED: holds without it"
    )


def ablation_text(rows: list[dict], reps: int) -> list[str]:
    """Terminal lines of the ablation table."""
    lines = ["", f"Ablations ({reps} paired seeds): each pattern without its mechanism"]
    for r in rows:
        sw = ", ".join(f"{k}={v}" for k, v in r["switches"].items()) or "-"
        lines.append(f"   {r['pattern']}. {_verdict(r)}  [{sw}]  {r['mechanism']}")
        for q in r.get("parts", []):
            lines.append(f"      alone: {q['what']}: {_part_verdict(q)}")
    return lines


def _part_verdict(q: dict) -> str:
    if q["inert"]:
        return "changes nothing (never acts in these arms)"
    if q["holds"] is None:
        return "cannot be judged: no check is defined without it"
    return "the pattern still holds" if q["holds"] else "the pattern fails"


def ablation_markdown(rows: list[dict], reps: int) -> list[str]:
    """The ablation section of docs/validation.md."""
    out = [
        "## Ablations: each pattern without its mechanism",
        "",
        f"Each pattern's arms run again over {reps} paired seeds with the mechanism said to "
        "produce it switched off. A pattern is *explained* by its mechanism when it holds with "
        "it and fails without it; one that still holds without it is reported as not explained.",
        "",
        "| pattern | mechanism | switched off | with | without | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        sw = ", ".join(f"`{k}={str(v).lower()}`" for k, v in r["switches"].items()) or "-"
        if r.get("undefined"):
            sw += f" ({len(r['undefined'])} check(s) undefined without it)"

        def word(x):
            return "-" if x is None else ("holds" if x else "fails")

        out.append(
            f"| {r['pattern']} | {r['mechanism']} | {sw} | {word(r['with'])} | "
            f"{word(r['without'])} | {_verdict(r)} |"
        )
    out += _parts_markdown(rows)
    out += [
        "",
        "Check by check (mean with the mechanism -> without it; a check with no value without "
        "it is left out of the verdict):",
        "",
    ]
    for r in rows:
        for c in r["checks"]:
            on, off = c["on"], c["off"]
            out.append(
                f"- pattern {r['pattern']}, {c['text']}: {on['mean']:.3g} "
                f"({'pass' if on['pass'] else 'fail'}) -> {off['mean']:.3g} "
                f"({'pass' if off['pass'] else 'fail'})"
            )
    out.append("")
    return out


def _parts_markdown(rows: list[dict]) -> list[str]:
    """Each part of a mechanism (or another rule that might carry the pattern) off alone."""
    parts = [(r, q) for r in rows for q in r.get("parts", [])]
    if not parts:
        return []
    out = [
        "",
        "Parts switched off alone (same seeds): which rule the pattern rests on. *Changes "
        "nothing* means no check moved: that rule never acted in these arms.",
        "",
        "| pattern | switched off alone | setting | check means without it | result |",
        "|---|---|---|---|---|",
    ]
    for r, q in parts:
        sw = ", ".join(f"`{k}={str(v).lower()}`" for k, v in q["switches"].items())
        means = ", ".join(f"{x:.3g}" for x in q["means"])
        out.append(f"| {r['pattern']} | {q['what']} | {sw} | {means} | {_part_verdict(q)} |")
    return out


def robustness_text(rob: dict) -> list[str]:
    """Terminal lines of the robustness shares."""
    if not rob.get("sets"):
        return ["", "Robustness: no calibration posterior, not checked"]
    lines = [
        "",
        f"Robustness over {rob['sets']} posterior parameter sets ({rob['seeds']} seeds each; "
        "verdict on the checks' means): share of sets where it holds",
    ]
    lines += [f"   pattern {k}: {v:.0%}" for k, v in rob["patterns"].items()]
    lines += [f"   {k}: {v:.0%}" for k, v in rob["rankings"].items()]
    return lines


def robustness_markdown(rob: dict) -> list[str]:
    """The robustness section of docs/validation.md."""
    if not rob.get("sets"):
        return ["## Robustness over the posterior", "", "No calibration posterior.", ""]
    out = [
        "## Robustness over the posterior",
        "",
        f"The calibration leaves a posterior sample of parameter sets (docs/calibration.md). "
        f"For each of {rob['sets']} of them every arm runs over {rob['seeds']} seeds; a pattern "
        "holds for a set when each of its checks' means is on the required side of its "
        "threshold (so few seeds give no useful interval). The share of sets where it holds:",
        "",
        "| statement | share of posterior sets where it holds |",
        "|---|---|",
    ]
    out += [f"| pattern {k} | {v:.0%} |" for k, v in rob["patterns"].items()]
    out += [f"| {k} | {v:.0%} |" for k, v in rob["rankings"].items()]
    out.append("")
    return out
