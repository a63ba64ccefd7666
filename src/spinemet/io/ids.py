"""The one grammar of case ids and event ids (API, import, web, command line).

An id is 1 to 64 characters: ASCII letters, digits, ``.``, ``_`` and ``-``, starting with a letter
or a digit (so never ``.``, ``..``, a path, a space, a newline or an empty-looking text). Such an id
is safe in a URL path segment, a file name and a command-line argument without quoting, so a case
that was accepted can always be addressed again (``sl/29ff`` was accepted once and then answered
404 everywhere). Enforced when a case or an event is created; ``spinemet db check`` lists stored
ids that break it (stored before the grammar), which stay readable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from spinemet.errors import Problem
from spinemet.io.limits import DEFAULT, Limits, excerpt

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
_ID = re.compile(ID_PATTERN)
ALLOWED = "letters A-Z a-z, digits, '.', '_', '-', starting with a letter or digit"


def id_problem(value: object, limits: Limits = DEFAULT) -> str | None:
    """Why ``value`` is not a valid id (a message naming what is allowed), or None when it is."""
    if not isinstance(value, str):
        return f"{type(value).__name__} is not an id; allowed: 1-{limits.id_chars} {ALLOWED}"
    if not value or len(value) > limits.id_chars or not _ID.match(value) or value.endswith("\n"):
        shown = excerpt(value, limits.excerpt_chars)
        size = f" ({len(value)} characters)" if len(value) > limits.id_chars else ""
        return f"'{shown}'{size} is not allowed; allowed: 1-{limits.id_chars} {ALLOWED}"
    return None


def id_problems(data: Mapping[str, Any], limits: Limits = DEFAULT, new_ids: str | int | None = "all") -> list[Problem]:
    """Ids of new records in case data that break the grammar, located: the case id and every
    event id when ``new_ids == "all"`` (a new case), the id of the event at that index otherwise
    (ids stored before the grammar stay valid), none when ``new_ids`` is None."""
    problems: list[Problem] = []
    timeline = data.get("timeline")
    events = timeline if isinstance(timeline, list) else []
    checks: list[tuple[str, object]] = []
    if new_ids == "all":
        if "id" in data:
            checks.append(("id", data["id"]))
        checks.extend((f"timeline[{i}].id", e["id"]) for i, e in enumerate(events)
                      if isinstance(e, Mapping) and e.get("id") is not None)
    elif isinstance(new_ids, int) and 0 <= new_ids < len(events):
        event = events[new_ids]
        if isinstance(event, Mapping) and event.get("id") is not None:
            checks.append((f"timeline[{new_ids}].id", event["id"]))
    for where, value in checks:
        bad = id_problem(value, limits)
        if bad:
            problems.append(Problem(where, bad))
    return problems
