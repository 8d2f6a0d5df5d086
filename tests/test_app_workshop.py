"""The workshop's picture data, group names, grouped log and stories, rewind and branch."""

from __future__ import annotations

import re

import numpy as np
import pytest
from yingzao.app import neighbourhood as hood
from yingzao.app.group_names import building_name, group_name
from yingzao.app.pages.workshop import log_to_csv
from yingzao.app.workshop_session import Session
from yingzao.app.workshop_widgets import chart_data
from yingzao.model.state import REC
from yingzao.scenarios import load

import yingzao

HAN = re.compile("[\u4e00-\u9fff]")


# --- the picture ---------------------------------------------------------------------------


def test_layout_puts_every_resident_inside_its_own_building_block():
    rng = np.random.default_rng(0)
    sizes = rng.integers(1, 160, size=41)
    building = np.repeat(np.arange(sizes.size), sizes)
    lay = hood.layout(building)
    x, y = np.array(lay["x"]), np.array(lay["y"])
    blocks = np.array(lay["blocks"])
    assert x.size == building.size and blocks.shape == (sizes.size, 4)
    bx, by, bw, bh = blocks[building].T
    assert ((x > bx) & (x < bx + bw) & (y > by) & (y < by + bh)).all()
    # no two residents on one spot, and blocks do not overlap (lanes between them)
    assert len(set(zip(x.tolist(), y.tolist(), strict=True))) == building.size
    for i in range(len(blocks)):
        for j in range(i + 1, len(blocks)):
            a, b = blocks[i], blocks[j]
            apart = (
                a[0] + a[2] <= b[0]
                or b[0] + b[2] <= a[0]
                or a[1] + a[3] <= b[1]
                or b[1] + b[3] <= a[1]
            )
            assert apart, (i, j)
    # buildings next in street order are next to each other on the map (a snake)
    centre = blocks[:, :2] + blocks[:, 2:] / 2
    step = np.abs(np.diff(centre, axis=0)).max(axis=1)
    assert (step <= blocks[0, 2] * 1.3).all()
    assert max(lay["w"], lay["h"]) <= hood.SCALE


def test_levels_and_frame_of_a_model():
    m = yingzao.CommunityModel(load("support-3y", {"community.residents": 1000}), seed=1)
    for _ in range(14):
        m.step()
    lv = hood.levels(m)
    assert lv.shape == (m.n,) and lv.min() >= 0 and lv.max() < len(hood.LEVELS)
    if not callable(getattr(m, "ladder", None)):
        leads = m.res.leads >= 0
        assert (lv[leads] == 4).all()  # leaders are core
    f = hood.frame(m, "en")
    assert len(f["levels"]) == m.n and set(f["levels"]) <= set("01234")
    assert sum(f["counts"]) == m.n
    live = m.orgs.live()
    functional = [g for g in live if m.orgs.kind[g] != REC]
    assert {g["id"] for g in f["groups"]} == set(int(g) for g in functional if m.members_of(g).size)
    for g in f["groups"]:
        assert g["home"] in g["served"] and 0 <= g["home"] < m.n_buildings
        members = m.members_of(g["id"])
        assert set(np.unique(m.res.building[members]).tolist()) == set(g["served"])
    assert sum(f["rec"]) == sum(1 for g in live if m.orgs.kind[g] == REC and m.members_of(g).size)
    zh = hood.frame(m, "zh")
    assert all(HAN.search(g["name"]) for g in zh["groups"])


def test_group_names_are_fixed_by_the_run_and_readable_in_both_languages():
    assert group_name(3, 17, 0, "en") == group_name(3, 17, 0, "en")
    names = {group_name(0, g, 0, "en") for g in range(60)}
    assert len({n.split()[0] for n in names}) == 24  # varied
    for seed in (0, 7):  # no two groups of a run share a name, whatever their kinds
        for lang in ("en", "zh"):
            assert len({group_name(seed, g, g % 6, lang) for g in range(300)}) == 300
    for k in range(6):
        en, zh = group_name(5, 9, k, "en"), group_name(5, 9, k, "zh")
        assert re.fullmatch(r"[A-Z][\w' -]+", en) and HAN.search(zh)
    # the prefix stays when a recreational group takes on a public task
    assert group_name(1, 4, REC, "en").split()[0] == group_name(1, 4, 0, "en").split()[0]
    assert building_name(11, "en") == "Building 12" and building_name(11, "zh") == "12 号楼"


def test_a_step_at_8000_residents_is_quick_on_the_server():
    s = Session.new("support-3y", 8000)
    s.layout  # noqa: B018 - computed once, before the months
    times = []
    for _ in range(6):
        s.step()
        s.frame("en")
        times.append(s.step_ms)
    assert np.median(times) < 150, times  # model step and observer; the browser draws


# --- the log and the stories ----------------------------------------------------------------


@pytest.fixture(scope="module")
def run40():
    s = Session.new("support-3y", 1500, seed=2)
    for _ in range(40):
        s.step()
    return s


def test_log_lines_are_grouped_and_in_both_languages(run40):
    log = run40.story.log
    assert log
    per = {}
    for month, kind, text in log:
        assert set(text) == {"en", "zh"} and text["en"] and HAN.search(text["zh"]), text
        per.setdefault((month, kind, text["en"][:12]), 0)
        per[(month, kind, text["en"][:12])] += 1
    # one line per month and kind of group event, not one per group
    for (month, kind, _), n in per.items():
        if kind in ("found", "dissolve"):
            assert n <= 2, (month, kind)  # functional and recreational lines at most
    assert not [x for x in log if "after 0 months" in x[2]["en"]]
    # every leader-training cohort is logged: the trainees in the log are those the budget paid
    cohorts = [x for x in log if x[1] == "training"]
    assert len(cohorts) >= 3, cohorts
    p = next(p for p in run40.model.policies if p.name == "training")
    paid = round((p.v["budget"] - p.left) / p.v["cost_per_trainee"])
    logged = sum(int(re.search(r"of (\d+) resident", x[2]["en"]).group(1)) for x in cohorts)
    assert logged == paid
    assert cohorts[0][2]["en"].startswith("Leader training: a cohort of ")
    assert "(cohort 1)" in cohorts[0][2]["en"] and "第 1 期" in cohorts[0][2]["zh"]
    csv = log_to_csv(run40, "zh").lstrip("\ufeff").splitlines()
    assert csv[0] == "月份,类别,发生了什么" and len(csv) == 1 + len(log)


def test_stories_tell_age_honestly(run40):
    m = run40.model
    o = m.orgs
    stories = run40.story.stories
    initial = [g for g in range(o.n) if o.origin[g] == 3]  # ORIGINS.index("initial")
    assert initial
    for g in initial:
        assert stories[g][0][1]["en"] == "Already active when the simulation began."
        gone = [x for x in stories[g] if x[1]["en"].startswith("Dissolved")]
        for _, text in gone:
            assert "before the simulation began" in text["en"]
    founded = [g for g in range(o.n) if o.origin[g] != 3]
    assert founded
    assert any(stories[g][0][1]["en"].startswith(("Founded by", "Started by")) for g in founded)


# --- live interventions that do nothing say so ------------------------------------------------


def test_live_buttons_say_when_they_change_nothing():
    s = Session.new("support-3y", 600)
    s.step()
    assert s.intervene("training")["en"] == "Leader training is already running: nothing changed."
    assert s.live == []
    assert s.intervene("withdraw") is None  # money flows: it stops
    s.step()
    again = s.intervene("withdraw")
    assert again["en"].startswith("No outside money flows")
    assert s.story.log[-1][2] == again
    assert s.intervene("crisis") is None
    s.step()
    assert s.intervene("crisis")["en"] == "A crisis is already under way: nothing changed."
    assert [w for _, w in s.live] == ["withdraw", "crisis"]
    b = Session.new("baseline", 600)
    assert b.intervene("withdraw")["zh"].startswith("没有正在投入")


# --- rewind and branch ----------------------------------------------------------------------


def test_rewind_rebuilds_an_earlier_month_exactly():
    s = Session.new("support-3y", 1000, seed=4)
    seen = {}
    for _ in range(18):
        if s.model.month == 6:
            s.intervene("crisis")
        s.step()
        seen[s.model.month] = (s.frame("en")["levels"], s.counts(), len(s.story.log))
    back = s.replay(10)
    assert back.model.month == 10 and s.model.month == 18  # the original is unchanged
    assert back.live == [(6, "crisis")]
    assert (back.frame("en")["levels"], back.counts(), len(back.story.log)) == seen[10]
    assert back.history == s.history[:10]
    # and played on from there it runs as the original did
    for _ in range(8):
        back.step()
    assert back.frame("en")["levels"] == seen[18][0] and back.counts() == seen[18][1]


def test_a_branch_starts_identical_and_goes_its_own_way():
    a = Session.new("support-3y", 1000, seed=1)
    for _ in range(20):
        a.step()
    b = a.replay(a.model.month)
    assert b.frame("en") == a.frame("en") and b.model is not a.model
    assert b.intervene("withdraw") is None  # money stops in the branch only
    for _ in range(12):
        a.step()
        b.step()
    assert a.model.month == b.model.month == 32
    assert b.history[:20] == a.history[:20] and b.history != a.history
    assert a.model.recorder.rows["outside_money_month"][-1] > 0
    assert b.model.recorder.rows["outside_money_month"][-1] == 0
    chart = chart_data([("A", a), ("B", b)], "en")
    assert len(chart["lines"]) == 6 and sum(x["dash"] for x in chart["lines"]) == 3
    assert any(m["label"] == "money stops (live) (B)" for m in chart["marks"])
    assert chart["months"] == 32


def test_founding_attempts_that_end_at_once_are_one_line_not_new_and_dissolved_groups():
    s = Session.new("support-3y", 2000)
    o = s.model.orgs
    n0 = o.n
    s.step()
    tried = int((~o.alive[n0 : o.n]).sum())
    assert tried > 0  # the first grant review's project teams that nobody joined
    month = [(kind, text["en"]) for m, kind, text in s.story.log if m == 1]
    attempts = [x for k, x in month if "came to nothing" in x]
    assert attempts == [
        f"{tried} attempts to start a group came to nothing: too few neighbours joined."
    ]
    assert not [x for k, x in month if k == "dissolve"]  # nothing had lived to dissolve
    new = next(x for k, x in month if "new functional" in x)
    lived = o.alive[n0 : o.n] & (o.kind[n0 : o.n] != REC)
    assert new.startswith(f"{int(lived.sum())} new functional group")
