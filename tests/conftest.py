"""Shared test support lives in ``tests/_support`` (not in the installed package).

pytest imports this file with ``tests/`` on ``sys.path`` (rootdir-relative "prepend" import),
which makes ``_support`` importable from every test directory's conftest.
"""

import os
import tempfile
from pathlib import Path

# One audit key file for the databases of this test run (each PostgreSQL test schema would otherwise
# get a key file of its own under ~/.local/share). Tests of the key's default place unset it.
os.environ.setdefault("SPINEMET_AUDIT_KEY_FILE",
                      str(Path(tempfile.mkdtemp(prefix="spinemet-test-audit-")) / "audit.key"))
