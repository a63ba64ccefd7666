"""Cases like this one (pure core, no I/O): the clinically meaningful features of a case, a
vectorised index over many cases, weighted similarity with an explanation per match, and a summary
of the neighbours' outcomes. The service keeps the index of the team's store and the curated
library of published cases; this package never reads a file or a database."""

from spinemet.similar.features import FEATURES, CaseFeatures, Outcome, case_features
from spinemet.similar.index import FeatureIndex, Match
from spinemet.similar.outcomes import OutcomeSummary, summarise
from spinemet.similar.weights import DEFAULT_WEIGHTS, Weight, learn_weights

__all__ = ["DEFAULT_WEIGHTS", "FEATURES", "CaseFeatures", "FeatureIndex", "Match", "Outcome", "OutcomeSummary", "Weight",
           "case_features", "learn_weights", "summarise"]
