"""``yingzao app``: serve the browser app on this computer, with no internet access needed.

The server only answers requests whose Host and Origin are its own addresses
(:mod:`yingzao.app.access`); served beyond this computer (``--host`` other than loopback, e.g.
``0.0.0.0`` in a training room) it also needs a join code, printed at start in the link for
participants. ``yingzao app`` checks its arguments, then becomes the server process
(:func:`serve`), which puts that guard in front of Solara's app and runs ``solara run``.
``yingzao classroom`` (:mod:`yingzao.app.classroom_serve`) starts the same server for a
classroom session.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import subprocess
import sys

from yingzao.app.access import ENV, Guard, Policy, is_loopback, is_wildcard

from yingzao.checks import cut
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
    s.add_argument(
        "--token",
        metavar="CODE",
        help="join code participants need when served beyond this computer (default: a new "
        "random one, printed at start)",
    )
    s.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="another name of this machine participants may use in the address (repeatable)",
    )
    s.add_argument(
        "--resourcez", action="store_true", help="serve Solara's /resourcez server counters"
    )
    s.set_defaults(fn=cmd_app)
    return s


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """The ``app`` and ``classroom`` subcommands (:mod:`yingzao.app.classroom_serve`)."""
    from yingzao.app.classroom_serve import add_parser as add_classroom  # it imports this module

    add_parser(sub)
    add_classroom(sub)


_CODE = re.compile(r"^[A-Za-z0-9_-]{6,64}$")
# no 0/o, 1/l/i: a code read off a projector is typed without mistakes
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_code(n: int = 8) -> str:
    """A random join code of ``n`` characters that are easy to read and type."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(n))


def lan_address() -> str:
    """The machine's address on its network (for the participants' link), or 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))  # no packet is sent; picks the outgoing interface
            return s.getsockname()[0]
        except OSError:
            pass
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"


def policy(a: argparse.Namespace) -> Policy:
    """The access policy of the server from the command's arguments."""
    token = ""
    if not is_loopback(a.host):
        token = getattr(a, "token", None) or new_code()
    names = tuple(getattr(a, "allow_host", []))
    return Policy(a.host, a.port, names, token, getattr(a, "resourcez", False))


def url(a: argparse.Namespace, pol: Policy) -> str:
    """The link to open: this computer's, or the participants' with the join code."""
    host = lan_address() if is_wildcard(a.host) else a.host
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{a.port}/" + (f"?join={pol.token}" if pol.token else "")


def _check(a: argparse.Namespace) -> None:
    """Refuse bad options (InputError): port, join code, host names, scenario, a busy address."""
    if not 1 <= a.port <= 65535:
        raise InputError(f"port {a.port}: must be between 1 and 65535")
    if not a.host.strip():  # an empty host would mean every interface, silently
        raise InputError(
            f"--host {a.host!r}: give an address, such as 127.0.0.1 (this computer only) "
            "or 0.0.0.0 (every interface)"
        )
    token = getattr(a, "token", None)  # the options added later may be absent (tests, scripts)
    if token is not None and not _CODE.match(token):
        raise InputError(f"--token {cut(repr(token))}: must be 6 to 64 letters, digits, '-' or '_'")
    for name in getattr(a, "allow_host", []):
        if not re.match(r"^[A-Za-z0-9.-]{1,253}$", name):
            raise InputError(f"--allow-host {cut(repr(name))}: must be a host name")
    from yingzao.model.city_spec import not_a_city  # the model, only once the options are sound
    from yingzao.scenarios import builtin_names, load

    not_a_city(a.scenario, "the app takes one community or a street")
    if a.scenario not in builtin_names():
        if a.scenario.lower().endswith(".toml"):
            raise InputError(
                f"--scenario {cut(repr(a.scenario))}: the app starts from a built-in scenario "
                "(see `yingzao scenarios`); open a scenario file in the app, on the what-if page"
            )
        raise InputError(f"unknown scenario {a.scenario!r}: see `yingzao scenarios`")
    if load(a.scenario).values["street.communities"] != 1:
        raise InputError(f"scenario {a.scenario!r} is a street; the app takes one community")
    family = socket.AF_INET6 if ":" in a.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            s.bind((a.host, a.port))
        except (OSError, OverflowError) as e:
            why = getattr(e, "strerror", None) or str(e)
            raise InputError(
                f"cannot listen on {cut(a.host)}:{a.port} ({why}); choose another --host or --port"
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


def warn_beyond(host: str) -> None:
    """The warning printed when the app is served beyond this computer."""
    where = "every network interface" if is_wildcard(host) else f"{host}"
    print(
        f"yingzao: warning: serving on {where}: anyone on this network who has the join "
        "link can use the app; stop it (Ctrl-C) when the session ends",
        file=sys.stderr,
        flush=True,
    )


def cmd_app(a: argparse.Namespace) -> int:
    """Start the server; it runs until Ctrl-C."""
    _check(a)
    pol = policy(a)
    link = url(a, pol)
    if pol.token:
        warn_beyond(a.host)
        print(f"Yingzao app for participants: {link}  (join code {pol.token})", flush=True)
    else:
        print(f"Yingzao app on {link}  (Ctrl-C to stop)", flush=True)
    env = environment(a.scenario)
    env[ENV] = pol.to_env()
    return become_server(a, env, link)


def become_server(a: argparse.Namespace, env: dict[str, str], link: str) -> int:
    """Run the server process (:func:`serve`) with ``env``, opening ``link`` unless --no-open."""
    cmd = [sys.executable, "-m", "yingzao.app.serve", "--host", a.host, "--port", str(a.port)]
    cmd += ["--no-open"] if a.no_open else ["--open", link]
    if os.name == "posix":
        # become the server, so that a stop signal (Ctrl-C, kill, a test's terminate) reaches
        # it directly and no server is left running behind a stopped `yingzao app`
        os.execve(sys.executable, cmd, env)
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 0


def serve(argv: list[str] | None = None) -> None:
    """The server process: Solara's app behind the access guard, started by ``solara run``.

    Args:
        argv: ``--host H --port P`` and ``--no-open`` or ``--open URL`` (default: sys.argv).

    """
    p = argparse.ArgumentParser(prog="yingzao.app.serve")
    p.add_argument("--host", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--open", metavar="URL")
    p.add_argument("--no-open", action="store_true")
    a = p.parse_args(argv)
    # what `solara run` sets before uvicorn imports the app, which reads them at import time
    os.environ.update(
        SOLARA_APP="yingzao.app.main",
        SERVER_NAME=a.host,
        SERVER_PORT=str(a.port),
        SOLARA_MODE="production",
    )
    import solara.server.starlette as starlette_app
    from solara.__main__ import main as solara_main

    # uvicorn imports "solara.server.starlette:app" by name: the guarded app is found there
    starlette_app.app = Guard(starlette_app.app, Policy.from_env())
    if a.open:
        # Solara would open http://HOST:PORT/, without the join code (and 0.0.0.0 as address)
        _open_when_listening(a.open, a.port)
    sys.argv = ["solara", "run", "yingzao.app.main", "--host", a.host, "--port", str(a.port)]
    sys.argv += ["--production", "--no-open"]
    solara_main()


def _open_when_listening(link: str, port: int) -> None:
    import threading
    import time
    import webbrowser

    def wait_and_open() -> None:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            except OSError:
                time.sleep(0.1)
                continue
            webbrowser.open(link)
            return

    threading.Thread(target=wait_and_open, daemon=True).start()


if __name__ == "__main__":
    serve()
