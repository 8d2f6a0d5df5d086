"""Who may talk to the app's server: an ASGI guard in front of Solara's Starlette app.

Without it, any web page the user happens to visit could open the app's websocket and drive it
(browsers let a page connect a websocket to 127.0.0.1), and a DNS-rebinding page could read it.
The guard checks every HTTP request and websocket handshake before Solara sees it:

- ``Host`` must name an address the app serves (by default 127.0.0.1, localhost or [::1] with
  its port; the configured host; on a wildcard host any IP address of this machine, its host
  name, or names allowed by ``--allow-host``). A rebinding attacker's name is none of these.
- ``Origin``, when sent (browsers always send it on websockets and cross-site requests), must be
  ``http(s)://`` plus such a host; ``null`` and foreign origins are refused.
- With a join code (``--host`` other than loopback), a browser must first open a link carrying
  ``?join=CODE``; the guard answers with a cookie that every later request and the websocket carry.
  A browser opening a page without it gets a small form to type the code into (the projector
  shows it), which sends it back as ``/?join=CODE``.
- ``/resourcez`` (server counters) answers 404 unless ``--resourcez`` was given.

A refused websocket handshake is closed before it is accepted, which uvicorn answers with
``403 Forbidden``; a refused HTTP request gets a short plain-text 403 (404 for /resourcez), except
that a browser's GET of a page without the join code gets the join form (a self-contained HTML
403 page: no script, no outside asset, nothing typed echoed back).
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import os
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

__all__ = ["COOKIE", "ENV", "Guard", "Policy", "is_loopback", "is_wildcard"]

COOKIE = "yingzao_join"
ENV = "YINGZAO_APP_ACCESS"  # how `yingzao app` hands the policy to the server process
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")

Scope = dict[str, Any]
ASGIApp = Callable[[Scope, Callable, Callable], Awaitable[None]]


def is_wildcard(host: str) -> bool:
    """Whether ``host`` binds every interface (0.0.0.0, ::, or empty)."""
    return host in ("", "0.0.0.0", "::")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer only (127.x.x.x, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _split_host(value: str) -> tuple[str, int | None]:
    """``host[:port]`` (``[v6]:port`` for IPv6) as lower-case name and port."""
    v = value.strip().lower()
    if v.startswith("["):
        name, _, rest = v[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif v.count(":") == 1:
        name, _, port = v.partition(":")
    else:
        name, port = v, ""
    if port and not port.isdigit():
        return "", None
    return name, int(port) if port else None


@dataclass
class Policy:
    """What the guard accepts.

    Attributes:
        host: The address the server listens on.
        port: Its port.
        names: Extra host names accepted in Host and Origin (``--allow-host``).
        token: The join code, or empty for none.
        resourcez: Serve ``/resourcez``.

    """

    host: str
    port: int
    names: tuple[str, ...] = ()
    token: str = ""
    resourcez: bool = False
    _names: set[str] = field(init=False, repr=False, default_factory=set)

    def __post_init__(self) -> None:
        names = {n.lower() for n in self.names}
        if is_loopback(self.host):
            names.update(_LOOPBACK_NAMES)
        elif is_wildcard(self.host):
            names.update(_LOOPBACK_NAMES)
            names.update(_machine_names())
        names.add(self.host.lower())
        self._names = names

    def host_ok(self, value: str) -> bool:
        """Whether a ``Host`` value (``name[:port]``) is an address this app serves."""
        name, port = _split_host(value)
        if not name or (port if port is not None else 80) != self.port:
            return False
        if name in self._names:
            return True
        # any IP address reaches a wildcard bind; rebinding needs a name, never an IP literal
        return is_wildcard(self.host) and _is_ip(name)

    def origin_ok(self, value: str) -> bool:
        """Whether an ``Origin`` value is one of this app's own pages."""
        scheme, sep, rest = value.strip().partition("://")
        return bool(sep) and scheme.lower() in ("http", "https") and self.host_ok(rest)

    def token_ok(self, given: str) -> bool:
        """Whether ``given`` is the join code (always, when there is none)."""
        return not self.token or hmac.compare_digest(given.encode(), self.token.encode())

    def to_env(self) -> str:
        """The policy as one environment variable's value."""
        return json.dumps(
            {
                "host": self.host,
                "port": self.port,
                "names": list(self.names),
                "token": self.token,
                "resourcez": self.resourcez,
            }
        )

    @classmethod
    def from_env(cls, text: str | None = None) -> Policy:
        """The policy written by :meth:`to_env` (default: from the environment)."""
        d = json.loads(text if text is not None else os.environ[ENV])
        return cls(d["host"], int(d["port"]), tuple(d["names"]), d["token"], d["resourcez"])


def _machine_names() -> set[str]:
    """Names this machine answers to (for a wildcard bind)."""
    out = set()
    for f in (socket.gethostname, socket.getfqdn):
        try:
            out.add(f().lower())
        except OSError:
            pass
    return out


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookie(headers: dict[str, str]) -> str:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header holds no join code
        return ""
    morsel = jar.get(COOKIE)
    return morsel.value if morsel is not None else ""


class Guard:
    """ASGI middleware enforcing a :class:`Policy` in front of ``app``.

    Args:
        app: The ASGI application (Solara's Starlette app).
        policy: What to accept.

    """

    def __init__(self, app: ASGIApp, policy: Policy) -> None:
        self.app = app
        self.policy = policy

    def refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        """``(status, reason)`` for a request to refuse, or None to let it through."""
        p = self.policy
        if not p.host_ok(headers.get("host", "")):
            return 403, "this address is not served here (Host not allowed)"
        origin = headers.get("origin")
        if origin is not None and not p.origin_ok(origin):
            return 403, "requests from other sites are not accepted (Origin not allowed)"
        path = scope.get("path", "")
        if path.rstrip("/") == "/resourcez" and not p.resourcez:
            return 404, "not found"
        if p.token and not (p.token_ok(_cookie(headers)) or p.token_ok(self._query_token(scope))):
            return 403, _NEEDS_JOIN
        return None

    @staticmethod
    def _query_token(scope: Scope) -> str:
        query = scope.get("query_string", b"").decode("latin-1")
        return (parse_qs(query).get("join") or [""])[0]

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        """Refuse the request or pass it to the app (adding the join cookie on first entry)."""
        if scope["type"] not in ("http", "websocket"):  # lifespan
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        refused = self.refusal(scope, headers)
        if refused is not None:
            if scope["type"] == "websocket":
                # closing before accepting: the server answers the handshake with 403
                await send({"type": "websocket.close", "code": 1008})
            elif refused[1] == _NEEDS_JOIN and _wants_page(scope, headers):
                await _join_form(send, wrong=_join_given(scope))
            else:
                await _plain(send, *refused)
            return
        token = self.policy.token
        if token and scope["type"] == "http" and self._query_token(scope) == token:
            send = _with_cookie(send, token)
        await self.app(scope, receive, send)


_NEEDS_JOIN = "open the join link the facilitator gave (it ends in ?join=...)"


def _wants_page(scope: Scope, headers: dict[str, str]) -> bool:
    """Whether a refused request is a browser opening a page (not a script, style or API call)."""
    if scope["type"] != "http" or scope.get("method", "GET").upper() != "GET":
        return False
    return scope.get("path", "") == "/" or "text/html" in headers.get("accept", "").lower()


def _join_given(scope: Scope) -> bool:
    """Whether the request carried a ``join`` parameter (a code typed or linked, here wrong)."""
    query = scope.get("query_string", b"").decode("latin-1")
    return "join" in parse_qs(query, keep_blank_values=True)


_FORM = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Yingzao 营造</title>
<style>
body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}input,button{font-size:1.4rem;padding:.5rem;margin:.3rem 0;width:100%;
box-sizing:border-box}input{letter-spacing:.15em}button{cursor:pointer}
.wrong{color:#b00020;font-weight:bold}.small{color:#555;font-size:.9rem}
</style></head><body>
<h1>Yingzao 营造</h1>
<!--wrong-->
<p><label for="join">Type the join code shown on the projector / 输入投影上显示的加入码</label></p>
<form method="get" action="/">
<input id="join" name="join" type="text" maxlength="64" autocapitalize="off" autocomplete="off"
 autocorrect="off" spellcheck="false" required autofocus>
<button type="submit">Join / 加入</button>
</form>
<p class="small">Or open the join link the facilitator gave / 或打开培训者给的加入链接</p>
</body></html>
"""
_WRONG = '<p class="wrong" role="alert">That code is not right / 加入码不对</p>'


# the page runs nothing and loads nothing; it may only send its form to this server
_CSP = b"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"


async def _join_form(send: Callable, wrong: bool) -> None:
    """The join form as a 403 page (with the wrong-code line after a wrong code)."""
    body = _FORM.replace("<!--wrong-->", _WRONG if wrong else "", 1).encode()
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
        (b"content-security-policy", _CSP),
    ]
    await send({"type": "http.response.start", "status": 403, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _plain(send: Callable, status: int, text: str) -> None:
    body = (text + "\n").encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8")]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _with_cookie(send: Callable, token: str) -> Callable:
    """``send`` that adds the join cookie to the response's headers."""
    cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict".encode()

    async def wrapped(message: dict) -> None:
        if message["type"] == "http.response.start":
            headers: Iterable = message.get("headers", [])
            message = {**message, "headers": [*headers, (b"set-cookie", cookie)]}
        await send(message)

    return wrapped
