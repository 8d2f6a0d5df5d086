"""Saved mixes of one browser: a short list kept in the browser's localStorage.

The server only ever holds the copy the browser sent; :func:`parse` accepts whatever the browser
had stored (another version's data, a hand-edited value) and keeps only well-formed entries.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

MAX_ITEMS = 30
MAX_NAME = 60


def parse(stored: Any) -> list[dict[str, str]]:
    """The saved mixes from the browser's stored text; bad or foreign data gives an empty list."""
    try:
        items = json.loads(stored) if isinstance(stored, str) else []
    except ValueError:
        return []
    out = []
    for it in items if isinstance(items, list) else []:
        if (
            isinstance(it, dict)
            and isinstance(it.get("name"), str)
            and isinstance(it.get("query"), str)
        ):
            out.append(
                {
                    "name": it["name"][:MAX_NAME],
                    "query": it["query"][:4000],
                    "saved": str(it.get("saved", ""))[:10],
                }
            )
    return out[:MAX_ITEMS]


def dump(items: list[dict[str, str]]) -> str:
    """The text the browser stores."""
    return json.dumps(items, ensure_ascii=False)


def save(
    items: list[dict[str, str]], name: str, query: str
) -> tuple[list[dict[str, str]], str | None]:
    """The library with ``name`` saved (replacing one of the same name), or an i18n error key."""
    name = " ".join(name.split())[:MAX_NAME]
    if not name:
        return items, "lib.need_name"
    rest = [it for it in items if it["name"] != name]
    if len(rest) >= MAX_ITEMS:
        return items, "lib.full"
    today = _dt.date.today().isoformat()
    return [{"name": name, "query": query, "saved": today}, *rest], None


def delete(items: list[dict[str, str]], name: str) -> list[dict[str, str]]:
    """The library without ``name``."""
    return [it for it in items if it["name"] != name]
