"""What each participant sees of their role, the debrief, and the session's export.

The debrief sets the class's run beside the model's own run (same community, same seed, nobody
playing), says in which round the two first differed and after which decisions, and reruns the
class's session once per role with that role's decisions left out (everyone else's as played),
so that it can say how much each role's decisions changed the end: a counterfactual, not a
guess.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np
from yingzao.app.classroom_roles import ROLES, grants
from yingzao.app.i18n import num, t
from yingzao.app.workshop_session import Session
from yingzao.model.defaults import CATEGORIES


def _pct(x: float) -> str:
    return f"{100 * float(x):.0f}%"


def my_results(c, token: str, lang: str) -> list[tuple[str, str]]:
    """``(label, value)`` rows of participant ``token``'s own results, now (class's run)."""
    with c.lock:
        p = c.participants.get(token)
        if p is None or not p.role:
            return []
        m = c.live.model
        if p.role == "leader":
            return _leader(c, p.resident, lang)
        if p.role == "secretary":
            cm = m.committee
            o = m.orgs
            return [
                (t("res.support", lang), f"{100 * cm.support:.0f}"),
                (t("res.free_time", lang), _pct(cm.free_share)),
                (t("res.recognized", lang), str(int(np.count_nonzero(o.recognized[: o.n])))),
                (t("res.trust", lang), f"{100 * float(m.res.trust_cm.mean()):.0f}"),
            ] + _community(c, lang)
        if p.role == "ngo":
            ngo = m.ngo
            o = m.orgs
            rows = [
                (
                    t("res.ngo_present", lang),
                    t("res.ngo.in" if ngo and ngo.present else "res.ngo.out", lang),
                )
            ]
            if ngo is not None:
                rows.append((t("res.substitute", lang), _pct(ngo.substitute_share)))
            rows.append(
                (
                    t("res.coached", lang),
                    str(int(np.count_nonzero(o.coached[: o.n] & o.alive[: o.n]))),
                )
            )
            fed = m.federation
            rows.append((t("res.federation", lang), str(0 if fed is None else fed.members.size)))
            return rows + _community(c, lang)
        g = grants(m)
        budget = g.yearly_budget() if g is not None else 0.0
        rows = [(t("res.budget", lang), f"{num(budget)} {t('unit.yuan', lang)}")]
        rows.append((t("res.outside", lang), f"{num(m.ledger.outside_in)} {t('unit.yuan', lang)}"))
        return rows + _community(c, lang)


def _community(c, lang: str) -> list[tuple[str, str]]:
    rec = c.live.model.recorder.rows
    if not rec.get("orgs_functional"):
        return []
    last = {k: v[-1] for k, v in rec.items() if v}
    rows = [(t("res.functional", lang), str(int(last["orgs_functional"])))]
    if "registered_per_1000" in last:
        rows.append((t("res.registered", lang), f"{float(last['registered_per_1000']):.1f}"))
    if "active_share" in last:
        rows.append((t("res.active", lang), f"{100 * float(last['active_share']):.1f}%"))
    return rows


def _leader(c, i: int | None, lang: str) -> list[tuple[str, str]]:
    m = c.live.model
    if i is None:
        return []
    r, o = m.res, m.orgs
    g = int(r.leads[i])
    if g < 0:
        return [(t("res.group", lang), t("res.no_group", lang))]
    name = c.live.story.name(g)[lang]
    kind = t(f"cat.{CATEGORIES[int(o.kind[g])]}", lang)
    status = [
        t(f"res.status.{k}", lang)
        for k, on in (
            ("coached", o.coached_months[g] > 0),
            ("recognized", o.recognized[g]),
            ("registered", o.registered[g]),
            ("federated", o.federated[g]),
        )
        if on
    ] or [t("res.status.none", lang)]
    sep = "、" if lang == "zh" else ", "
    yuan = t("unit.yuan", lang)
    return [
        (t("res.group", lang), f"{name} ({kind})"),
        (t("res.members", lang), str(int(m.members_of(g).size))),
        (t("res.money", lang), f"{num(o.own_money[g])} / {num(o.out_money[g])} {yuan}"),
        (t("res.output", lang), _pct(o.output[g])),
        (t("res.reached", lang), str(int(o.served[g]))),
        (t("res.status", lang), sep.join(status)),
    ]


# --- the debrief ------------------------------------------------------------------------------
def _without(c, role: str) -> dict[str, float]:
    """The class's session rerun from the seed with ``role``'s decisions left to the rule."""
    from yingzao.app.classroom_records import _renamed
    from yingzao.app.classroom_roles import apply

    s = Session.new(c.scenario, int(c.residents), int(c.seed))
    for rec in c.history:
        kept = [
            (n, r, res, _renamed(s.model, d, rec.groups) if r != role else {})
            for _, n, r, res, d in rec.inputs
        ]
        apply(s, kept)
        for _ in range(rec.end - rec.start):
            s._step()
    cnt = s.counts()
    return {"functional": cnt["f"], "recreational": cnt["r"], "active_pct": cnt["p"]}


def _differs(c, rec) -> bool:
    """Whether the two runs differ at the end of round ``rec`` or during it.

    At its end: their states (residents, groups, institutions, money, policy ends); during it:
    their monthly records.
    """
    if rec.state and rec.state["class"] != rec.state["own"]:
        return True
    a, b = c.live.model.recorder.rows, c.own.model.recorder.rows
    return any(a[k][rec.start : rec.end] != b[k][rec.start : rec.end] for k in a)


def _effects(c) -> dict[str, dict[str, float]]:
    """Per played role, the end of the session rerun without its decisions (kept per ``rev``)."""
    cached = getattr(c, "_effects", None)
    if cached is not None and cached[0] == c.rev:
        return cached[1]
    played = {r for rec in c.history for _, _, r, _, d in rec.inputs if d}
    out = {role: _without(c, role) for role in ROLES if role in played}
    c._effects = (c.rev, out)
    return out


def debrief(c, lang: str) -> dict[str, Any]:
    """The class's run beside the model's own: rows per round, where they diverged, and why.

    Returns:
        ``rows``: per round ``{round, month, class_functional, own_functional, class_active,
        own_active}``; ``diverged``: a sentence; ``decisions``: the first differing round's
        decisions (texts); ``why``: per played role, what its decisions changed (texts);
        ``series``: per month functional groups ``(class, own)`` for a chart.

    """
    with c.lock:
        rows = [
            {
                "round": rec.number,
                "month": rec.end,
                "class_functional": rec.counts["class"]["functional"],
                "own_functional": rec.counts["own"]["functional"],
                "class_active": rec.counts["class"]["active_pct"],
                "own_active": rec.counts["own"]["active_pct"],
            }
            for rec in c.history
        ]
        first = next((rec for rec in c.history if _differs(c, rec)), None)
        out: dict[str, Any] = {"rows": rows, "decisions": [], "why": []}
        if first is None:
            out["diverged"] = t("deb.same", lang)
        else:
            out["diverged"] = t(
                "deb.diverged", lang, n=first.number, a=first.start + 1, b=first.end
            )
            out["decisions"] = [d[lang] for d in first.did] or [t("deb.no_decisions", lang)]
        if c.history:
            end = c.history[-1].counts
            out["end"] = t(
                "deb.end",
                lang,
                fc=int(end["class"]["functional"]),
                fo=int(end["own"]["functional"]),
                pc=end["class"]["active_pct"],
                po=end["own"]["active_pct"],
            )
            total = int(end["class"]["functional"]) - int(end["own"]["functional"])
            alone = 0
            for role, alt in _effects(c).items():
                n = int(alt["functional"])
                d = n - int(end["class"]["functional"])
                alone -= d
                out["why"].append(
                    t("deb.role_effect", lang, role=t(f"role.{role}", lang), n=n, d=d)
                )
            if len(_effects(c)) > 1 and total != alone:
                out["why"].append(
                    t("deb.interaction", lang, gap=total, alone=alone, n=total - alone)
                )
        out["series"] = [(a[0], b[0]) for a, b in zip(c.live.history, c.own.history, strict=False)]
        return out


# --- export -----------------------------------------------------------------------------------
def export_csv(c) -> str:
    """The session as one CSV.

    Decisions per round, results per round, and the log (English and Chinese texts).
    """
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["section", "round", "month", "who", "role", "key", "value", "text_en", "text_zh"])
    with c.lock:
        for rec in c.history:
            for _, name, role, _, d in rec.inputs:
                for k, v in d.items():
                    w.writerow(["decision", rec.number, rec.start, name, role, k, v, "", ""])
            for role in rec.by_rule:
                w.writerow(["by_rule", rec.number, rec.start, "", role, "", "", "", ""])
            for run in ("class", "own"):
                for k, v in rec.counts[run].items():
                    w.writerow(["result", rec.number, rec.end, run, "", k, v, "", ""])
            for d in rec.did:
                w.writerow(["did", rec.number, rec.start, "", "", "", "", d["en"], d["zh"]])
        for month, kind, text in c.live.story.log:
            w.writerow(["log", "", month, "", kind, "", "", text["en"], text["zh"]])
    return buf.getvalue()


def summary_md(c, lang: str) -> str:
    """A one-page summary of the session in Markdown."""
    d = debrief(c, lang)
    lines = [f"# {t('deb.title', lang)}", ""]
    lines.append(
        t(
            "deb.setup",
            lang,
            case=c.scenario,
            n=num(c.residents),
            seed=c.seed,
            r=c.round,
            m=c.round_months,
            p=len(c.participants),
        )
    )
    lines += ["", d["diverged"], ""]
    lines += [f"- {x}" for x in d["decisions"]]
    if "end" in d:
        lines += ["", d["end"], ""]
    lines += [f"- {x}" for x in d["why"]]
    head = [
        t("deb.round", lang),
        t("deb.month", lang),
        t("res.functional", lang) + " · " + t("deb.class", lang),
        t("deb.own", lang),
        t("res.active", lang) + " · " + t("deb.class", lang),
        t("deb.own", lang),
    ]
    lines += ["", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in d["rows"]:
        lines.append(
            f"| {r['round']} | {r['month']} | {r['class_functional']} | {r['own_functional']} | "
            f"{r['class_active']}% | {r['own_active']}% |"
        )
    lines += ["", t("caveat", lang), ""]
    return "\n".join(lines)
