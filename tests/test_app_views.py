"""The network picture, the model page's data, `yingzao app` checks, the workshop session."""

from __future__ import annotations

import argparse
import re
import socket
from pathlib import Path

import numpy as np
import pytest
from yingzao.app.netview import COLORS, NetView, layout
from yingzao.app.pages import about
from yingzao.app.workshop_session import Session
from yingzao.model.defaults import DECLARATIONS
from yingzao.model.state import REC
from yingzao.scenarios import builtin_names, load

import yingzao
from yingzao.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
PNG = b"\x89PNG\r\n\x1a\n"
STREETS = [n for n in builtin_names() if load(n).values["street.communities"] > 1]


# --- netview -------------------------------------------------------------------------------


def test_layout_groups_residents_by_building():
    rng = np.random.default_rng(0)
    sizes = rng.integers(1, 40, size=23)
    building = np.repeat(np.arange(sizes.size), sizes)
    perm = rng.permutation(building.size)
    building = building[perm]  # residents need not be sorted by building
    pos = layout(building)
    assert pos.shape == (building.size, 2)
    assert np.isfinite(pos).all()
    centres = np.array([pos[building == b].mean(axis=0) for b in range(sizes.size)])
    own = np.linalg.norm(pos - centres[building], axis=1)
    assert own.mean() < 0.5 and own.max() < 0.5
    dist = np.linalg.norm(pos[:, None, :] - centres[None, :, :], axis=2)
    assert (dist.argmin(axis=1) == building).all()
    # buildings sit on a unit grid, one per cell, and buildings next in street order are next
    # to each other (a snake over the grid)
    grid = np.round(centres)
    assert len({tuple(g) for g in grid}) == sizes.size
    assert np.abs(pos - grid[building]).max() < 0.45
    step = np.abs(np.diff(grid, axis=0)).sum(axis=1)
    assert (step == 1).all()
    # no two residents on the same spot
    assert len({tuple(p) for p in np.round(pos, 9)}) == building.size


def test_layout_of_a_model():
    m = yingzao.CommunityModel(load("baseline", {"community.residents": 600}), seed=0)
    b = m.res.building
    pos = layout(b)
    assert pos.shape == (m.n, 2) and np.isfinite(pos).all()
    centres = np.array([pos[b == k].mean(axis=0) for k in range(m.n_buildings)])
    assert np.linalg.norm(pos - centres[b], axis=1).mean() < 0.5


def test_netview_frame_and_colours():
    m = yingzao.CommunityModel(load("support-3y", {"community.residents": 600}), seed=2)
    m.run(12)
    view = NetView(m)
    assert view.pos.shape == (m.n, 2)
    assert view.frame("en").startswith(PNG)
    assert view.frame("zh").startswith(PNG)
    c = view.colors()
    r, o = m.res, m.orgs
    assert c.shape == (m.n,)
    assert set(c) <= set(COLORS.values())
    leaders = r.leads >= 0
    assert leaders.any()
    assert (c[leaders] == COLORS["leader"]).all()
    idle = (r.groups < 0).all(axis=1) & ~r.public & ~leaders
    assert idle.any()
    assert (c[idle] == COLORS["idle"]).all()
    public = r.public & ~leaders
    assert (c[public] == COLORS["public"]).all()
    g = r.groups
    in_rec = ((g >= 0) & (o.kind[np.maximum(g, 0)] == REC)).any(axis=1)
    member = in_rec & ~r.public & ~leaders
    assert (c[member] == COLORS["member"]).all()
    segs, cols = view._outlines()
    assert len(segs) == len(cols)
    assert all(s.shape[1] == 2 and (s[0] == s[-1]).all() for s in segs)


# --- model page ----------------------------------------------------------------------------


def test_param_rows_filter():
    all_rows = about.param_rows("")
    assert len(all_rows) == len(DECLARATIONS)
    assert [r["key"] for r in all_rows] == list(DECLARATIONS)
    some = about.param_rows("yuan ngo")
    assert 0 < len(some) < len(all_rows)
    for r in all_rows:
        hay = " ".join(r.values()).lower()
        if "yuan" in hay and "ngo" in hay:
            assert r in some, r["key"]  # English words find English rows (Chinese adds more)
    assert about.param_rows("YUAN NGO") == some
    assert about.param_rows("no-such-word-anywhere") == []
    run = next(r for r in all_rows if r["key"] == "run.months")
    assert run["range"] == "1 - 600" and run["default"] == "120"
    alloc = next(r for r in all_rows if r["key"] == "street.allocation")
    assert alloc["range"] == "per_household, review"


def test_the_parameter_table_reads_in_chinese_and_chinese_search_finds_parameters():
    rows = about.param_rows("", "zh")
    assert len(rows) == len(DECLARATIONS)
    han = re.compile("[\u4e00-\u9fff]")
    # meanings, units (other than symbols) and sections in Chinese
    with_zh = [r for r in rows if han.search(r["doc"])]
    assert len(with_zh) >= 0.95 * len(rows), [r["key"] for r in rows if r not in with_zh][:10]
    assert all(han.search(r["section"]) for r in rows)
    units = [r["unit"] for r in rows if re.search("[A-Za-z]{3,}", r["unit"])]
    assert not units, units
    # "微" finds the micro-project money; Chinese words find rows in the English table too
    micro = about.param_rows("微", "zh")
    assert any(r["key"] == "grants.per_100_households" for r in micro)
    assert about.param_rows("社会组织", "en") and about.param_rows("公服资金 预算", "zh")
    assert {r["key"] for r in about.param_rows("grants", "zh")} >= {"grants.co_funding"}
    # sources for readers: no internal file names, a kind first
    for lang in ("en", "zh"):
        for r in about.param_rows("", lang):
            assert not re.search(r"MODEL-SKETCH|DOMAIN\.md|ODD\.md", r["source"]), r
    assert about.param_rows("", "en")[0]["source"].startswith("Model design")


def test_validation_table_has_the_measured_numbers():
    status = about.load_status()
    for lang in ("en", "zh"):
        md = about.pattern_table(status, lang)
        checks = sum(len(p["checks"]) for p in status["patterns"])
        assert md.count("\n") + 1 == 2 + checks
        first = status["patterns"][0]["checks"][0]
        assert f"{first['mean']:.3g} [{first['ci_low']:.3g}, {first['ci_high']:.3g}]" in md
        assert ("below 0.25" if lang == "en" else "低于 0.25") in md
    zh = about.pattern_table(status, "zh")
    assert "在第 120 个月" in zh and "通过" in zh


def test_load_status(tmp_path):
    assert about.load_status(tmp_path / "missing.json") is None
    assert about.load_status(tmp_path) is None  # a folder is not a record
    status = about.load_status(ROOT / "docs" / "validation.json")
    assert isinstance(status, dict)
    assert [p["number"] for p in status["patterns"]] == [1, 2, 3, 4, 5, 6]
    assert all(isinstance(p["passed"], bool) for p in status["patterns"])
    assert {"reps", "date"} <= set(status)
    assert about.load_status() == status  # the default path is the repository's record


# --- serve ---------------------------------------------------------------------------------


def _args(port: int = 8765, scenario: str = "support-3y") -> argparse.Namespace:
    return argparse.Namespace(host="127.0.0.1", port=port, scenario=scenario, no_open=True)


def test_check_refuses_bad_arguments():
    from yingzao.app import serve

    with pytest.raises(InputError, match="unknown scenario 'nope'"):
        serve._check(_args(scenario="nope"))
    with pytest.raises(InputError, match="is a street"):
        serve._check(_args(scenario=STREETS[0]))
    for port in (0, -1, 65536, 70000):
        with pytest.raises(InputError, match=f"port {port}: must be between 1 and 65535"):
            serve._check(_args(port=port))


def test_check_refuses_a_busy_port():
    from yingzao.app import serve

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(InputError, match=f"cannot listen on 127.0.0.1:{port}"):
            serve._check(_args(port=port))
    # once released the same port is accepted
    serve._check(_args(port=port))


def test_environment():
    import os

    from yingzao.app import serve

    before = dict(os.environ)
    env = serve.environment("support-8y")
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert env["YINGZAO_APP_SCENARIO"] == "support-8y"
    assert env["MPLBACKEND"] == "Agg"
    assert dict(os.environ) == before  # the caller's environment is left alone
    assert env.get("PATH") == os.environ.get("PATH")


# --- workshop session ---------------------------------------------------------------------


def test_workshop_session():
    s = Session.new("support-3y", 800)
    assert s.model.month == 0 and s.model.n == 800
    assert s.frame.startswith(PNG)
    c0 = s.counts()
    assert set(c0) == {"f", "r", "p"} and c0["p"] == 0.0
    s.step("en")
    assert s.model.month == 1
    assert s.step_ms > 0
    assert s.frame.startswith(PNG) and s.lang == "en"
    text = s.intervene("withdraw")
    assert text == "Live: the trainer withdrew all outside money now."
    assert s.model.events[-1] == (1, "live", text)
    assert s.marks == [(1, "withdraw")]
    s.step("zh")
    assert s.model.month == 2 and s.lang == "zh"
    c = s.counts()
    assert set(c) == {"f", "r", "p"}
    rows_ = s.model.recorder.rows
    assert (c["f"], c["r"]) == (rows_["orgs_functional"][-1], rows_["orgs_recreational"][-1])
    assert 0.0 <= c["p"] <= 100.0
    assert rows_["outside_money_month"][-1] == 0.0
    with pytest.raises(InputError):
        s.intervene("party")
