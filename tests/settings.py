"""Settings for the test suite: the project's settings in explicit development mode.

A missing DEBUG means production (portal/settings.py fails closed), so the tests say what they
are instead of relying on a default. Set before portal.settings is read; subprocesses the tests
start inherit it unless they pass their own environment.
"""

import os

os.environ["DEBUG"] = "true"

from portal.settings import *  # noqa: E402, F403

# Norms exports: no per-process memo of the current version, so every test starts afresh.
NORMS_STAMP_LOCAL_SECONDS = 0

# The test databases need no durability: a commit does not wait for the disk (PostgreSQL's
# synchronous_commit, for this connection only). Creating each worker's database runs every
# migration, and the browser and worker tests commit for real.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["OPTIONS"]["options"] = "-c synchronous_commit=off"  # noqa: F405
