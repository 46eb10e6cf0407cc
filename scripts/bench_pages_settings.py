"""Benchmark-only settings (scripts/bench_pages.py): the project's settings plus a bare view.
The bare view lives here, never in the production URLs."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench_pages_urls"
