"""Following the course (pure core): recurrence, response and recovery over the timeline.

Public API (stable; the pathway's assessment and the commands use it)::

    from spinemet.course import analyse, alerts_on, CourseConfig

    analysis = analyse(case)                 # CourseAnalysis
    analysis.events                          # derived CourseEvents, in day order
    analysis.local                           # LevelAssessment per treated/adjacent level
    analysis.responses, analysis.pain        # SPINO/MDA responses, Chow 2012 pain responses
    analysis.neuro                           # NeuroPoint per exam (trend, SCORAD grades)
    analysis.rehabilitation                  # RehabOutcome per episode
    alerts_on(analysis, day)                 # pathway Alerts active that day
    analyse(case, CourseConfig(early_recurrence_days=60))   # thresholds are configurable

Sources: ``pathway.md`` §5-§6 and §8, rules R-SURV, R-RESP, R-REC, R-FUNC. Thresholds and
their evidence status: :func:`spinemet.course.config.thresholds`.
"""

from spinemet.course.analysis import alerts_on, analyse, neuro_change
from spinemet.course.config import DEFAULT_CONFIG, CourseConfig, Threshold, thresholds
from spinemet.course.model import (
    CourseAnalysis,
    CourseEvent,
    EventKind,
    Intervention,
    LevelAssessment,
    LocalStatus,
    NeuroChange,
    NeuroPoint,
    PainResponse,
    RehabOutcome,
    Response,
    Trend,
)
from spinemet.course.neuro import compare_neuro
from spinemet.course.pain import possible_categories as pain_categories
from spinemet.instruments.scorad import scorad_grades

__all__ = [
    "DEFAULT_CONFIG",
    "CourseAnalysis",
    "CourseConfig",
    "CourseEvent",
    "EventKind",
    "Intervention",
    "LevelAssessment",
    "LocalStatus",
    "NeuroChange",
    "NeuroPoint",
    "PainResponse",
    "RehabOutcome",
    "Response",
    "Threshold",
    "Trend",
    "alerts_on",
    "analyse",
    "compare_neuro",
    "neuro_change",
    "pain_categories",
    "scorad_grades",
    "thresholds",
]
