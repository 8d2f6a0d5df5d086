"""``yingzao app``: serve the browser app on this computer, with no internet access needed."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys

from yingzao.scenarios import builtin_names, load

from yingzao.errors import InputError


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The ``app`` subcommand's arguments."""
    s = sub.add_parser("app", help="open the browser app (what-if, compare, workshop, model)")
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this computer only)",
    )
    s.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    s.add_argument(
        "--scenario",
        default="support-3y",
        help="case loaded on the what-if page at start (default support-3y)",
    )
    s.add_argument("--no-open", action="store_true", help="do not open a browser window")
    s.set_defaults(fn=cmd_app)
    return s


def _check(a: argparse.Namespace) -> None:
    if not 1 <= a.port <= 65535:
        raise InputError(f"port {a.port}: must be between 1 and 65535")
    if a.scenario not in builtin_names():
        raise InputError(f"unknown scenario {a.scenario!r}: see `yingzao scenarios`")
    if load(a.scenario).values["street.communities"] != 1:
        raise InputError(f"scenario {a.scenario!r} is a street; the app takes one community")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            s.bind((a.host, a.port))
        except OSError as e:
            raise InputError(
                f"cannot listen on {a.host}:{a.port} ({e.strerror}); choose another --port"
            ) from None


def environment(scenario: str) -> dict[str, str]:
    """The server's environment: no telemetry, assets served locally, the start scenario."""
    env = dict(os.environ)
    env.update(
        SOLARA_TELEMETRY_MIXPANEL_ENABLE="False",
        SOLARA_THEME_SHOW_BANNER="False",
        SOLARA_THEME_TITLE="Yingzao 营造",
        SOLARA_ASSETS_PROXY="True",  # CDN paths are answered from the installed solara-assets
        YINGZAO_APP_SCENARIO=scenario,
        MPLBACKEND="Agg",
        # Solara warns on every first visit over plain http on localhost; nothing to act on
        PYTHONWARNINGS="ignore:Cookies with samesite:UserWarning",
    )
    return env


def cmd_app(a: argparse.Namespace) -> int:
    """Start the server; it runs until Ctrl-C."""
    _check(a)
    cmd = [
        sys.executable,
        "-m",
        "solara",
        "run",
        "yingzao.app.main",
        "--host",
        a.host,
        "--port",
        str(a.port),
        "--production",
        "--no-open" if a.no_open else "--open",
    ]
    print(f"Yingzao app on http://{a.host}:{a.port}/  (Ctrl-C to stop)", flush=True)
    env = environment(a.scenario)
    if os.name == "posix":
        # become the server, so that a stop signal (Ctrl-C, kill, a test's terminate) reaches
        # it directly and no server is left running behind a stopped `yingzao app`
        os.execve(sys.executable, cmd, env)
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 0
