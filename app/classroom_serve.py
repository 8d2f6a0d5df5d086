"""``yingzao classroom``: serve a classroom session that participants join from their phones.

The same server as ``yingzao app`` (:mod:`yingzao.app.serve`: the access guard in front of
Solara's app), started in classroom mode. By default it listens on every interface (the training
room's network) and a join code of six easy-to-type characters is made at start; it is both the
guard's code (a browser without it gets the join form) and the classroom's code, shown on the
projector. The server process gets, in its environment:

- ``YINGZAO_APP_MODE=classroom``;
- ``YINGZAO_CLASSROOM``: JSON with ``code`` (the join code), ``trainer_key`` (a separate random
  secret in the projector's link), ``scenario``, ``residents``, ``round_months``, ``rounds`` and
  ``seed`` (see :func:`classroom_launch`).

Two links are printed: the projector's, for the trainer on this computer, and the participants'.
"""

from __future__ import annotations

import argparse
import json
import secrets

from yingzao.app.access import ENV, Policy, is_loopback, is_wildcard
from yingzao.app.serve import (
    _check,
    become_server,
    environment,
    lan_address,
    new_code,
    warn_beyond,
)

from yingzao.checks import seed, whole
from yingzao.errors import InputError

MODE_ENV = "YINGZAO_APP_MODE"  # "classroom" in a classroom server
CLASSROOM_ENV = "YINGZAO_CLASSROOM"  # the session's settings, JSON
RESIDENTS = (200, 20_000)
ROUND_MONTHS = (6, 12)
ROUNDS = (1, 20)


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The ``classroom`` subcommand's arguments."""
    s = sub.add_parser(
        "classroom", help="serve a classroom session that participants join from their phones"
    )
    s.add_argument(
        "--host",
        default="0.0.0.0",
        help="address to listen on (default 0.0.0.0: every interface, the room's network)",
    )
    s.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    s.add_argument(
        "--scenario", default="support-3y", help="the community played (default support-3y)"
    )
    lo, hi = RESIDENTS
    s.add_argument(
        "--residents",
        type=int,
        default=2000,
        help=f"residents of the community ({lo}-{hi}, default 2000)",
    )
    s.add_argument(
        "--round-months", type=int, default=12, help="months a round plays (6 or 12, default 12)"
    )
    s.add_argument(
        "--rounds", type=int, default=6, help=f"rounds ({ROUNDS[0]}-{ROUNDS[1]}, default 6)"
    )
    s.add_argument("--seed", type=int, default=0, help="run seed (default 0)")
    s.add_argument(
        "--token",
        metavar="CODE",
        help="the join code, 6-64 letters, digits, '-' or '_' (default: a new random one of 6 "
        "characters, printed at start)",
    )
    s.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="another name of this machine participants may use in the address (repeatable)",
    )
    s.add_argument("--no-open", action="store_true", help="do not open the projector's page")
    s.set_defaults(fn=cmd_classroom)
    return s


def check(a: argparse.Namespace) -> None:
    """Refuse bad options with an InputError (the session's, then those of ``yingzao app``)."""
    whole(a.residents, "--residents", *RESIDENTS)
    if a.round_months not in ROUND_MONTHS:
        raise InputError(f"--round-months {a.round_months}: must be 6 or 12")
    whole(a.rounds, "--rounds", *ROUNDS)
    seed(a.seed, "--seed")
    _check(a)  # port, --token, --allow-host, scenario, and that the address is free


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def classroom_launch(a: argparse.Namespace) -> tuple[dict[str, str], str, str]:
    """The server's environment and the two links, for checked options ``a``.

    Returns:
        ``(env, projector_link, participant_link)``: ``env`` is :func:`serve.environment` plus
        the access policy, ``YINGZAO_APP_MODE=classroom`` and ``YINGZAO_CLASSROOM`` (JSON:
        code, trainer_key, scenario, residents, round_months, rounds, seed). The projector's
        link, ``http://127.0.0.1:PORT/?trainer=KEY`` (the host itself unless it is a wildcard),
        also carries ``&join=CODE`` when the guard needs the code (a host beyond loopback); the
        participants' link is ``http://LAN_ADDRESS:PORT/?join=CODE``.

    """
    code = a.token or new_code(6)
    trainer_key = secrets.token_urlsafe(12)
    guard_code = "" if is_loopback(a.host) else code
    pol = Policy(a.host, a.port, tuple(a.allow_host), guard_code)
    env = environment(a.scenario)
    env[ENV] = pol.to_env()
    env[MODE_ENV] = "classroom"
    env[CLASSROOM_ENV] = json.dumps(
        {
            "code": code,
            "trainer_key": trainer_key,
            "scenario": a.scenario,
            "residents": a.residents,
            "round_months": a.round_months,
            "rounds": a.rounds,
            "seed": a.seed,
        }
    )
    here = "127.0.0.1" if is_wildcard(a.host) else _host(a.host)
    projector = f"http://{here}:{a.port}/?trainer={trainer_key}"
    projector += f"&join={code}" if guard_code else ""
    there = lan_address() if is_wildcard(a.host) else a.host
    participants = f"http://{_host(there)}:{a.port}/?join={code}"
    return env, projector, participants


def cmd_classroom(a: argparse.Namespace) -> int:
    """Start the classroom server; it runs until Ctrl-C."""
    check(a)
    env, projector, participants = classroom_launch(a)
    code = json.loads(env[CLASSROOM_ENV])["code"]
    if not is_loopback(a.host):
        warn_beyond(a.host)
    print(f"Projector (trainer, on this computer): {projector}", flush=True)
    print(f"Participants: {participants}  (join code {code})", flush=True)
    return become_server(a, env, projector)
