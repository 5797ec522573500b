"""Lambda's unzipped size limit on the built artifacts (``scripts/check_build_size.py``, run by
``make build``): a function counts its own code and every layer it gets, from Globals and its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import check_build_size

TEMPLATE = """\
Globals:
  Function:
    Layers:
    - !Ref SharedLayer
Resources:
  SharedLayer:
    Type: AWS::Serverless::LayerVersion
    Properties: {ContentUri: SharedLayer}
  ExtraLayer:
    Type: AWS::Serverless::LayerVersion
    Properties: {ContentUri: ExtraLayer}
  Plain:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: Plain}
  WithExtra:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: WithExtra
      Layers:
      - !Ref ExtraLayer
      - arn:aws:lambda:us-east-1:123456789012:layer:external:1
"""


def _build(root: Path) -> Path:
    (root / "template.yaml").write_text(TEMPLATE)
    for folder, size in {"SharedLayer/python": 3000, "ExtraLayer": 500, "Plain": 10, "WithExtra": 20}.items():
        (root / folder).mkdir(parents=True)
        (root / folder / "blob").write_bytes(b"x" * size)
    return root


def test_a_function_counts_its_code_and_every_layer_it_gets(tmp_path: Path) -> None:
    # Given a build whose functions share a layer from Globals, one with a layer of its own too
    build = _build(tmp_path)
    # When sized
    sizes = check_build_size.function_sizes(build)
    # Then each adds the layers it gets (an external layer's ARN is not in the build)
    assert sizes == {"Plain": 3010, "WithExtra": 3520}


def test_a_function_over_the_limit_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a limit between the two functions' sizes
    build = _build(tmp_path)
    monkeypatch.setattr(check_build_size, "LIMIT_BYTES", 3500)
    monkeypatch.setattr("sys.argv", ["check_build_size.py", str(build)])
    # When checked, then only the larger one is reported, and the check fails
    assert check_build_size.main() == 1
    err = capsys.readouterr().err
    assert "WithExtra" in err and "Plain" not in err
    # And within the limit it passes
    monkeypatch.setattr(check_build_size, "LIMIT_BYTES", 4000)
    assert check_build_size.main() == 0
