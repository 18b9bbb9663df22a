#!/usr/bin/env python3
"""Lists workspace packages by role, from `cargo metadata`, so CI needs no
hand-kept lists: a crate opts in from its own Cargo.toml.

  riscv32   packages with [package.metadata.umbra] riscv32 = true, one line
            each: the name, then the comma-separated `riscv32-features` to
            enable on top of --no-default-features (may be empty)
  ctgrind   constant-time runs: one line per (package, example named
            `ct_<something>`, configuration): the package name, the example
            name, then `default` (default features) or the comma-separated
            features to enable on top of --no-default-features, one line for
            each entry of [package.metadata.umbra] ctgrind-no-default (the
            builds a no_std user gets; an empty string means no features)
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
        elif role == "ctgrind":
            for t in pkg["targets"]:
                if "example" in t["kind"] and t["name"].startswith("ct_"):
                    print(pkg["name"], t["name"], "default")
                    for feats in meta.get("ctgrind-no-default", []):
                        print(pkg["name"], t["name"], feats or "-")


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("riscv32", "ctgrind"):
        sys.exit("usage: workspace.py riscv32|ctgrind")
    main(sys.argv[1])
