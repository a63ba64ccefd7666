"""Shared test support lives in ``tests/_support`` (not in the installed package).

pytest imports this file with ``tests/`` on ``sys.path`` (rootdir-relative "prepend" import),
which makes ``_support`` importable from every test directory's conftest.
"""
