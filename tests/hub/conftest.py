"""The hub tests run against a real PostgreSQL server, started once per test session."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hub.pg_server import PgServer, find_bin_dir


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        reason = "PostgreSQL server binaries not found (apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(reason + ": the hub tests must run in CI")
        pytest.skip(reason)
    # Not under pytest's own temporary folder, which only its owner may enter: the server's user must.
    root = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
    server = PgServer(bin_dir, root)
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def hub_url(pg_server: PgServer) -> str:
    """A new, empty hub database on the shared server; the address connects as the cluster's admin."""
    return pg_server.url(pg_server.new_database())
