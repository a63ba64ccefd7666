"""The bundled story case, for a fresh installation (``spinemet serve`` pre-loads it)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from spinemet.errors import NotFound

STORY_CASE_ID = "story-lung-net-t6"
STORY_FILE = f"{STORY_CASE_ID}.yaml"


def example_path(name: str = STORY_FILE) -> Path:
    """Where a bundled example case file is: inside the package, else the repository's ``examples/``."""
    candidates: list[Path] = []
    try:
        candidates.append(Path(str(resources.files("spinemet").joinpath("examples", name))))
    except (ModuleNotFoundError, TypeError):
        pass
    candidates.append(Path(__file__).resolve().parents[3] / "examples" / name)
    candidates.append(Path.cwd() / "examples" / name)
    for path in candidates:
        if path.is_file():
            return path
    raise NotFound(f"the example case file '{name}' is not installed (looked in: "
                   f"{', '.join(str(c) for c in candidates)})")
