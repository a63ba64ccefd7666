"""The explainable pathway: rules that turn a snapshot and scores into cited recommendations."""
