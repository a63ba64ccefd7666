"""A match's explanation in words: "same primary (lung, other); both thoracic; both ESCC high-grade
(2-3); both recurred after decompression"."""

from __future__ import annotations

from spinemet.instruments.sites import SITE_LABELS
from spinemet.similar.index import Match

_ESCC = {"high": "ESCC high-grade (2-3)", "1c": "ESCC 1c", "low": "ESCC low-grade (0-1b)"}
_COURSE = {"recurrence_after_decompression": "recurred after decompression", "local_recurrence": "recurred locally",
           "early_recurrence": "recurred early", "response": "responded", "new_deficit": "had a new deficit",
           "neuro_improved": "improved neurologically"}


def _w(value: str) -> str:
    return value.replace("_", " ")


def shared_words(name: str, value: str | frozenset[str]) -> str:
    if isinstance(value, frozenset):
        items = sorted(value)
        if name == "region":
            return "both " + " and ".join(items)
        if name == "compartment":
            return "both " + ", ".join(_w(i) for i in items)
        if name == "treatments":
            return "both treated with " + ", ".join(_w(i) for i in items)
        if name == "course":
            said = [_COURSE.get(i, _w(i)) for i in items]
            if "recurred after decompression" in said and "recurred locally" in said:
                said.remove("recurred locally")
            return "both " + ", ".join(said)
        return f"both {name}: " + ", ".join(items)
    if name == "primary":
        return f"same primary ({SITE_LABELS.get(value, _w(value))})"
    if name == "primary_family":
        return f"same organ of origin ({_w(value)})"
    if name == "neuroendocrine":
        return "both neuro-endocrine" if value == "yes" else "neither neuro-endocrine"
    if name == "escc":
        return "both " + _ESCC.get(value, value)
    if name == "neurology":
        return "both with a motor deficit at presentation" if value == "deficit" else "both without a deficit at presentation"
    if name == "sins":
        return f"same SINS band ({_w(value)})"
    return f"same {name.replace('_', ' ')} band ({_w(value)})"


def differs_words(name: str, a: str | frozenset[str], b: str | frozenset[str]) -> str:
    def say(v: str | frozenset[str]) -> str:
        return ", ".join(_w(x) for x in sorted(v)) if isinstance(v, frozenset) else _w(v)

    return f"{name.replace('_', ' ')}: {say(a)} vs {say(b)}"


def explanation(match: Match) -> str:
    """The shared features of a match, most telling first (the primary's detail before its organ)."""
    names = [n for n, _ in match.shared]
    parts = [shared_words(n, v) for n, v in match.shared
             if not (n == "primary_family" and "primary" in names) and not (n == "neuroendocrine" and "primary" in names)]
    return "; ".join(parts) if parts else "no recorded feature in common"
