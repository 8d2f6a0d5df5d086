"""A helper for tests of the command line's one-line errors."""

from __future__ import annotations

from yingzao.cli import main as cli


def error_line(capsys, argv: list[str]) -> str:
    """Run ``yingzao ARGV``; assert exit status 2 and one ``yingzao: error:`` line; return it."""
    assert cli(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("yingzao: error: "), err
    return err
