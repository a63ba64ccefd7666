"""Reports: tumour-board summaries, case-report drafts and the course picture (adapters)."""
