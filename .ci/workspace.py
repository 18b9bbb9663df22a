#!/usr/bin/env python3
"""Lists workspace packages by role, from `cargo metadata`, so CI needs no
hand-kept lists: a crate opts in from its own Cargo.toml.

  riscv32   packages with [package.metadata.umbra] riscv32 = true, one line
            each: the name, then the comma-separated `riscv32-features` to
            enable on top of --no-default-features (may be empty)
  ctgrind   packages with an example named `ctgrind`
"""
import json
import subprocess
import sys


def packages():
    out = subprocess.run(
        ["cargo", "metadata", "--no-deps", "--format-version", "1"],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)["packages"]


def main(role):
    for pkg in packages():
        meta = (pkg.get("metadata") or {}).get("umbra") or {}
        if role == "riscv32" and meta.get("riscv32") is True:
            print(pkg["name"], ",".join(meta.get("riscv32-features", [])))
        elif role == "ctgrind" and any(
            t["name"] == "ctgrind" and "example" in t["kind"] for t in pkg["targets"]
        ):
            print(pkg["name"])


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("riscv32", "ctgrind"):
        sys.exit("usage: workspace.py riscv32|ctgrind")
    main(sys.argv[1])
