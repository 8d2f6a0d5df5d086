"""The workshop's side panels: a picked group or building, and the grouped log of the run."""

from __future__ import annotations

from html import escape

import numpy as np
import solara
from yingzao.app import state
from yingzao.app.group_names import building_name, group_name
from yingzao.app.i18n import t
from yingzao.app.neighbourhood import COLORS, LEVELS, group_homes, levels
from yingzao.app.units import money, month_text
from yingzao.app.widgets import MD
from yingzao.app.workshop_session import Session
from yingzao.app.workshop_story import STRONG
from yingzao.model.defaults import CATEGORIES
from yingzao.model.state import ORIGINS, REC

LOG_LINES = 40


def group_facts(s: Session, g: int, lang: str) -> list[str]:
    """What a group is now, in lines: kind, age, leader, members, buildings, money, ties."""
    m, o, r = s.model, s.model.orgs, s.model.res
    kind = int(o.kind[g])
    out = [t("ws.g.kind", lang, cat=t(f"cat.{CATEGORIES[kind]}", lang))]
    if not o.alive[g]:
        out.append(t("ws.g.gone", lang, when=month_text(int(o.ended[g]) + 1, lang)))
    founded = int(o.founded[g])
    if ORIGINS[int(o.origin[g])] == "initial":
        out.append(t("ws.g.age_initial", lang, n=m.month - founded))
    else:
        age = m.month - founded
        out.append(t("ws.g.age", lang, when=month_text(founded + 1, lang), n=age))
    lead = int(o.leader[g])
    if lead >= 0:
        who = t("story.by_retired" if r.retired[lead] else "story.by_working", lang)
        out.append(
            t(
                "ws.g.leader",
                lang,
                who=who,
                building=building_name(int(r.building[lead]), lang),
                skill=f"{float(r.skill[lead]):.2f}",
            )
        )
    members = m.members_of(g)
    out.append(t("ws.g.members", lang, n=members.size, peak=int(o.peak_size[g])))
    home = group_homes(m).get(g)
    if home:
        names = "、" if lang == "zh" else ", "
        out.append(t("ws.g.serves", lang, b=names.join(building_name(b, lang) for b in home[1])))
    out.append(
        t(
            "ws.g.money",
            lang,
            out=money(float(o.out_money[g]), lang),
            own=money(float(o.own_money[g]), lang),
        )
    )
    if o.coached_months[g] > 0:
        out.append(t("ws.g.coached", lang, n=int(o.coached_months[g])))
    if o.federated[g]:
        out.append(t("ws.g.federated", lang))
    return out


@solara.component
def GroupPanel(s: Session, g: int, lang: str, big: bool):
    """A group: its name, what it is now, and its story so far."""
    _ = state.workshop_tick.value  # a session changes in place: re-render on every step
    kind = int(s.model.orgs.kind[g])
    name = group_name(s.seed, g, kind, lang)
    with solara.Card(margin=0, classes=["yz-detail", "yz-detail-group"]):
        MD(f"### {name}")
        for line in group_facts(s, g, lang):
            solara.Text(line, style={"display": "block", "font-size": "1.1em" if big else "0.92em"})
        MD(f"**{t('ws.g.story', lang)}**")
        with solara.Column(gap="0px", classes=["yz-story"]):
            for month, text in s.story.stories.get(g, []):
                when = t("ws.g.before", lang) if month == 0 else month_text(month, lang)
                solara.Text(f"{when}: {text[lang]}", style={"font-size": "0.9em"})


@solara.component
def BuildingPanel(s: Session, b: int, lang: str, big: bool):
    """A building: its residents by level, the groups based in it and the groups serving it."""
    _ = state.workshop_tick.value  # a session changes in place: re-render on every step
    m = s.model
    here = m.res.building == b
    lv = levels(m)[here]
    counts = np.bincount(lv, minlength=len(LEVELS))
    homes = group_homes(m)
    based = [g for g, (home, _, _) in homes.items() if home == b]
    serving = [g for g, (home, served, _) in homes.items() if b in served and home != b]
    sep = "、" if lang == "zh" else ", "

    def names(gids: list[int]) -> str:
        shown = [
            group_name(s.seed, g, int(m.orgs.kind[g]), lang) for g in gids if m.orgs.kind[g] != REC
        ]
        rec = sum(1 for g in gids if m.orgs.kind[g] == REC)
        if rec:
            shown.append(t("ws.b.rec", lang, n=rec))
        return sep.join(shown) or t("none", lang)

    with solara.Card(margin=0, classes=["yz-detail", "yz-detail-building"]):
        MD(f"### {building_name(b, lang)}")
        solara.Text(t("ws.b.residents", lang, n=int(here.sum())), style={"display": "block"})
        for k, name in enumerate(LEVELS):
            solara.Text(
                f"● {t(f'level.{name}', lang)}: {int(counts[k])}",
                style={"color": COLORS[k] if k else "#777", "display": "block"},
            )
        solara.Text(t("ws.b.based", lang, names=names(based)), style={"display": "block"})
        solara.Text(t("ws.b.serving", lang, names=names(serving)), style={"display": "block"})


@solara.component
def EventLog(s: Session, lang: str, big: bool, max_height: str = "520px"):
    """The newest lines first, one month's lines of a kind grouped in one.

    One block of HTML, not a widget per line: a step then sends one small update.
    """
    _ = state.workshop_tick.value  # a session changes in place: re-render on every step
    lines = s.story.log[-LOG_LINES:][::-1]
    MD(f"### {t('ws.log', lang)}")
    if not lines:
        body = f"<div>{escape(t('ws.log_empty', lang))}</div>"
    else:
        body = "".join(
            ("<div><b>{}</b></div>" if kind in STRONG else "<div>{}</div>").format(
                escape(t("ws.log_line", lang, m=month, text=text[lang]))
            )
            for month, kind, text in lines
        )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=body,
        classes=["yz-log"],
        style=f"max-height: {max_height}; overflow-y: auto; line-height: 1.45",
    )
