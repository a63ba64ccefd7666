"""Fixtures for the pathway tests: the story case (the only example file these tests read)."""

from __future__ import annotations

import pytest

from spinemet.case.model import Case
from spinemet.io.casefile import load_case

from .cases import STORY


@pytest.fixture
def story() -> Case:
    return load_case(STORY)
