"""Lambda's size limit on the ``sam build`` output: each function's code and every layer it uses,
unzipped, within 250 MiB (262,144,000 bytes). Run by ``make build``; exits 1 when a
function is over, and prints the three largest totals.

Run: python scripts/check_build_size.py [.aws-sam/build]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from local_stack.template import load_template  # noqa: E402

LIMIT_BYTES = 262_144_000  # Lambda: deployment package and layers, unzipped


def tree_bytes(root: Path) -> int:
    """Bytes of every file under ``root`` (symbolic links not followed)."""
    return sum((Path(folder) / name).lstat().st_size for folder, _, names in os.walk(root) for name in names)


def function_sizes(build: Path) -> dict[str, int]:
    """Each function of the built template: its code plus every layer it lists, in bytes."""
    template = load_template(build / "template.yaml")
    resources = template["Resources"]
    # SAM appends a function's own Layers to those of Globals.
    shared = template.get("Globals", {}).get("Function", {}).get("Layers", [])
    layer_bytes = {
        name: tree_bytes(build / name)
        for name, resource in resources.items()
        if resource["Type"] == "AWS::Serverless::LayerVersion"
    }
    sizes = {}
    for name, resource in resources.items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        layers = [*shared, *resource["Properties"].get("Layers", [])]
        built = {layer["Ref"] for layer in layers if isinstance(layer, dict) and layer.get("Ref") in layer_bytes}
        sizes[name] = tree_bytes(build / name) + sum(layer_bytes[layer] for layer in built)
    return sizes


def main() -> int:
    build = Path(sys.argv[1] if len(sys.argv) > 1 else ".aws-sam/build")
    sizes = function_sizes(build)
    if not sizes:
        print(f"no function in {build / 'template.yaml'}", file=sys.stderr)
        return 1
    over = {name: size for name, size in sizes.items() if size > LIMIT_BYTES}
    largest = sorted(sizes.items(), key=lambda item: -item[1])
    print(f"unzipped size with layers, limit {LIMIT_BYTES / 2**20:.0f} MiB, {len(sizes)} functions:")
    for name, size in largest[:3]:
        print(f"  {name}: {size / 2**20:.1f} MiB")
    for name, size in over.items():
        print(f"OVER: {name} {size / 2**20:.1f} MiB > {LIMIT_BYTES / 2**20:.0f} MiB", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
