"""The model page's data and `yingzao app` checks."""

from __future__ import annotations

import argparse
import re
import socket
from pathlib import Path

import pytest
from yingzao.app.pages import about
from yingzao.model.defaults import DECLARATIONS
from yingzao.scenarios import builtin_names, load

from yingzao.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
PNG = b"\x89PNG\r\n\x1a\n"
STREETS = [n for n in builtin_names() if load(n).values["street.communities"] > 1]


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
