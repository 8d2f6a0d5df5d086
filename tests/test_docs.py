"""Documentation that must not drift from the code."""

from pathlib import Path

from yingzao.scenarios import load

from yingzao.cli_params import markdown_table

ROOT = Path(__file__).resolve().parents[1]


def test_parameter_table_in_docs_matches_the_declarations():
    doc = (ROOT / "docs" / "parameters.md").read_text(encoding="utf-8")
    table = markdown_table(load("baseline"))
    assert table in doc, (
        "docs/parameters.md is stale: regenerate it with "
        "`yingzao params baseline --markdown` (see its first line)"
    )


def test_readme_shows_the_exact_test_command_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [c.strip() for c in ci if c.strip() and not c.lstrip().startswith("#")]
    test_cmd = commands[-1]
    assert test_cmd == "make test"
    assert f"{test_cmd}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_odd_names_every_rule_parameter_and_no_unknown_one():
    import re

    from yingzao.model.defaults import DECLARATIONS

    odd = (ROOT / "docs" / "ODD.md").read_text(encoding="utf-8")
    sections = {k.split(".")[0] for k in DECLARATIONS}
    tokens = re.findall(r"(?<![\w.])([a-z_]+\.[a-z_0-9]+)(?![\w(])", odd)
    named = {t for t in tokens if t.split(".")[0] in sections and not t.endswith(".py")}
    unknown = sorted(named - set(DECLARATIONS))
    assert not unknown, f"docs/ODD.md names parameters that do not exist: {unknown}"
    # switches and windows are generic; the six needs.* levels are described together
    generic = re.compile(r"\.(enabled|start|end)$|^needs\.(?!recurrence|service_effect)")
    missing = sorted(k for k in DECLARATIONS if k not in named and not generic.search(k))
    assert not missing, f"docs/ODD.md does not describe: {missing}"
