"""Hostile inputs shared by the tests (issue 13's outside probe)."""

from __future__ import annotations

_NAMES = "abcdefghijklmnop"


def alias_bomb(levels: int) -> str:
    """The YAML alias bomb of the probe: each level lists the previous one nine times (9**levels
    nodes once expanded, from about 40 bytes a level: 8 levels are under 400 bytes)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        lines.append(f"{_NAMES[i]}: &{_NAMES[i]} [" + ",".join([f"*{_NAMES[i - 1]}"] * 9) + "]")
    return "\n".join(lines) + "\n"
