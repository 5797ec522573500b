"""``make loadtest``'s harness, in a small run: every answered evaluate is kept exactly once."""

from __future__ import annotations

import importlib.util

import pytest

from local_stack.template import ROOT

pytestmark = pytest.mark.e2e


def test_a_small_load_loses_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("loadtest", ROOT / "scripts" / "loadtest.py")
    assert spec is not None and spec.loader is not None
    loadtest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loadtest)
    assert loadtest.main(["--requests", "20", "--workers", "2"]) == 0
    out = capsys.readouterr().out
    assert "answered 20, failed 0" in out
    assert "kept: 10 in the table (violations), 10 in the decision log (S3)" in out
    assert "missing 0, duplicated 0" in out
