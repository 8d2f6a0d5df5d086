"""What happened in a workshop run, told for a room: a grouped monthly log and each group's story.

After every month the observer compares the groups with the month before: which were founded,
dissolved, took on a public task, were first accompanied by the NGO, joined the federation,
received money, grew, changed leader; and which leader-training cohorts were trained. Lines of
one month and one kind are grouped ("3 recreational groups dissolved"); functional groups are
named so the room can follow them. The model's own lines about policies (the NGO entering, the
grant review, a withdrawal) are kept as they are. Every line is written in both languages when
it happens, so a language switch shows the whole log translated.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from yingzao.app.events_text import event_text
from yingzao.app.group_names import building_name, group_name
from yingzao.app.i18n import t
from yingzao.app.units import money
from yingzao.model.defaults import CATEGORIES
from yingzao.model.state import ORIGINS, REC

# the model's group-level lines, replaced here by grouped and named ones
_GROUP_KINDS = {"found", "dissolve", "convert", "split", "leader"}
# lines that mark a turn in the story (shown in bold)
STRONG = {"live", "withdrawal", "ngo", "crisis", "federation", "training"}
MILESTONES = (10, 20, 30, 50)
MONEY_NOTE = 2_000  # yuan: money a group's story mentions
REC_LINE = 2  # one recreational group more or less is the community's ordinary churn

Text = dict[str, str]  # {"en": ..., "zh": ...}


def both(key: str, **kw) -> Text:
    """A text in both languages (arguments that differ by language as ``{"en", "zh"}``)."""
    out = {}
    for lang in ("en", "zh"):
        args = {k: (v[lang] if isinstance(v, dict) else v) for k, v in kw.items()}
        out[lang] = t(key, lang, **args)
    return out


def _cat(kind: int) -> Text:
    return {lang: t(f"cat.{CATEGORIES[kind]}", lang) for lang in ("en", "zh")}


@dataclass
class Observer:
    """Watches one model month by month; ``log`` and ``stories`` grow as it runs.

    Attributes:
        log: ``(month counted from 1, kind, text)`` lines, grouped per month and kind.
        stories: Per group id, ``(month, text)`` lines of its life so far.

    """

    model: object
    log: list[tuple[int, str, Text]] = field(default_factory=list)
    stories: dict[int, list[tuple[int, Text]]] = field(default_factory=lambda: defaultdict(list))
    _seen_events: int = 0
    _prev: dict[str, np.ndarray] = field(default_factory=dict)
    _left: dict[int, float] = field(default_factory=dict)
    _cohorts: int = 0

    def __post_init__(self) -> None:
        m, o = self.model, self.model.orgs
        for g in o.live().tolist():
            self.stories[g].append((0, both("story.initial", name=self.name(g))))
        self._snapshot()
        self._seen_events = len(m.events)
        self._left = {id(p): float(p.left) for p in self._trainings()}

    # --- names ----------------------------------------------------------------------------
    def name(self, g: int) -> Text:
        """Group ``g``'s name in both languages (after its current kind)."""
        k = int(self.model.orgs.kind[g])
        return {lang: group_name(self.model.seed, g, k, lang) for lang in ("en", "zh")}

    # --- observing ------------------------------------------------------------------------
    def _trainings(self) -> list:
        return [p for p in self.model.policies if getattr(p, "name", "") == "training"]

    def _snapshot(self) -> None:
        o = self.model.orgs
        n = o.n
        self._prev = {
            "n": np.array(n),
            "alive": o.alive[:n].copy(),
            "kind": o.kind[:n].copy(),
            "coached": o.coached_months[:n].copy(),
            "federated": o.federated[:n].copy(),
            "money": o.out_money[:n].copy(),
            "peak": o.peak_size[:n].copy(),
            "leader": o.leader[:n].copy(),
        }

    def observe(self) -> None:
        """Read the month just simulated (call after each step)."""
        m, o = self.model, self.model.orgs
        month = int(m.month)  # the month just run, counted from 1
        prev = self._prev
        n0, n = int(prev["n"]), o.n
        lines: list[tuple[str, Text]] = []
        self._model_lines(lines)
        new = [g for g in range(n0, n)]
        gone = [g for g in range(n0) if prev["alive"][g] and not o.alive[g]]
        # founded and ended in the same month: an attempt too few joined, not a group (as the
        # survival statistics count it), so neither "new" nor "dissolved"
        tried = [g for g in new if not o.alive[g]]
        self._founded(month, [g for g in new if o.alive[g]], lines)
        self._dissolved(month, gone, lines)
        if tried:
            lines.append(("found", both("log.attempts", n=len(tried))))
        old = np.arange(n0)
        live_old = old[o.alive[:n0] & prev["alive"]]
        self._changes(month, live_old, lines)
        self._training(month, lines)
        for kind, text in lines:
            self.log.append((month, kind, text))
        self._snapshot()

    def note_now(self) -> None:
        """Log the model's lines written since the last month (a live intervention) at once.

        They go under the month they act in: the coming one.
        """
        lines: list[tuple[str, Text]] = []
        self._model_lines(lines)
        for kind, text in lines:
            self.log.append((int(self.model.month) + 1, kind, text))

    def _model_lines(self, lines: list[tuple[str, Text]]) -> None:
        """The model's own lines of this month, except the group-level ones; repeats grouped."""
        ev = self.model.events[self._seen_events :]
        self._seen_events = len(self.model.events)
        count: dict[tuple[str, str], int] = defaultdict(int)
        order: list[tuple[str, str]] = []
        for _, kind, text in ev:
            if kind in _GROUP_KINDS:
                continue
            if (kind, text) not in count:
                order.append((kind, text))
            count[(kind, text)] += 1
        for kind, text in order:
            k = count[(kind, text)]
            tr = {lang: event_text(text, lang) for lang in ("en", "zh")}
            if k > 1:
                tr = {lang: f"{x} ({t('log.times', lang, n=k)})" for lang, x in tr.items()}
            lines.append((kind, tr))

    def _founded(self, month: int, gids: list[int], lines: list) -> None:
        o, r = self.model.orgs, self.model.res
        func = [g for g in gids if o.kind[g] != REC]
        rec = [g for g in gids if o.kind[g] == REC]
        for g in gids:
            lead = int(o.leader[g])
            who = "story.by_retired" if lead >= 0 and r.retired[lead] else "story.by_working"
            b = int(r.building[lead]) if lead >= 0 else 0
            how = ORIGINS[int(o.origin[g])]
            key = "story.split" if how == "split" else "story.founded"
            size = int(self.model.members_of(g).size)
            self.stories[g].append(
                (
                    month,
                    both(
                        key,
                        who={lang: t(who, lang) for lang in ("en", "zh")},
                        building={lang: building_name(b, lang) for lang in ("en", "zh")},
                        n=size,
                        cat=_cat(int(o.kind[g])),
                    ),
                )
            )
        if func:
            names = self._names(func)
            lines.append(("found", both("log.new_functional", n=len(func), names=names)))
        if len(rec) >= REC_LINE:
            lines.append(("found", both("log.new_recreational", n=len(rec))))

    def _names(self, gids: list[int]) -> Text:
        shown = gids[:4]
        out = {}
        for lang in ("en", "zh"):
            sep = "、" if lang == "zh" else ", "
            s = sep.join(self.name(g)[lang] for g in shown)
            if len(gids) > len(shown):
                s += t("log.and_more", lang, n=len(gids) - len(shown))
            out[lang] = s
        return out

    def _dissolved(self, month: int, gids: list[int], lines: list) -> None:
        o = self.model.orgs
        func = [g for g in gids if o.kind[g] != REC]
        rec = [g for g in gids if o.kind[g] == REC]
        for g in gids:
            age = month - 1 - int(o.founded[g])
            if ORIGINS[int(o.origin[g])] == "initial":
                text = both("story.dissolved_initial", n=max(age, 0))
            elif age <= 0:
                text = both("story.dissolved_first")
            else:
                text = both("story.dissolved", n=age)
            self.stories[g].append((month, text))
        if func:
            lines.append(
                ("dissolve", both("log.gone_functional", n=len(func), names=self._names(func)))
            )
        if len(rec) >= REC_LINE:
            lines.append(("dissolve", both("log.gone_recreational", n=len(rec))))

    def _changes(self, month: int, gids: np.ndarray, lines: list) -> None:
        o, prev = self.model.orgs, self._prev
        converted, coached, grew = [], [], []
        for g in gids.tolist():
            if prev["kind"][g] == REC and o.kind[g] != REC:
                converted.append(g)
                self.stories[g].append((month, both("story.converted", cat=_cat(int(o.kind[g])))))
            if prev["coached"][g] == 0 and o.coached_months[g] > 0:
                coached.append(g)
                size = int(self.model.members_of(g).size)
                self.stories[g].append((month, both("story.coached", n=size)))
            if not prev["federated"][g] and o.federated[g]:
                self.stories[g].append((month, both("story.federated")))
            got = float(o.out_money[g] - prev["money"][g])
            if got >= MONEY_NOTE:  # a grant or a fund's award, not the NGO's monthly trickle
                amount = {lang: money(got, lang) for lang in ("en", "zh")}
                self.stories[g].append((month, both("story.money", x=amount)))
            for mark in MILESTONES:
                if prev["peak"][g] < mark <= o.peak_size[g]:
                    self.stories[g].append((month, both("story.grew", n=mark)))
                    if o.kind[g] != REC:
                        grew.append((g, mark))
            if prev["leader"][g] != o.leader[g] and o.leader[g] >= 0 and prev["leader"][g] >= 0:
                self.stories[g].append((month, both("story.new_leader")))
        if converted:
            lines.append(
                ("convert", both("log.converted", n=len(converted), names=self._names(converted)))
            )
        if coached:
            ngo = getattr(self.model, "ngo", None)
            by = "log.coached" if ngo is not None and ngo.present else "log.coached_federation"
            lines.append(("coached", both(by, n=len(coached), names=self._names(coached))))
        for g, mark in grew:
            lines.append(("grew", both("log.grew", name=self.name(g), n=mark)))

    def _training(self, month: int, lines: list) -> None:
        """Every leader-training cohort: what the training budget paid for this month."""
        for p in self._trainings():
            before = self._left.get(id(p), float(p.v["budget"]))  # a live one starts full
            spent = before - float(p.left)
            self._left[id(p)] = float(p.left)
            cost = float(p.v["cost_per_trainee"])
            if spent > 0 and cost > 0:
                self._cohorts += 1
                n = int(round(spent / cost))
                lines.append(("training", both("log.cohort", n=n, k=self._cohorts)))
