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
  tests     one line per package whose tests are one binary (`autotests = false`):
            the package name and how many `tests/*.rs` files its test targets
            include; exits non-zero, naming the files, when a `tests/*.rs` file
            is neither a test target nor included by one with `#[path = "…"]`
            (such a file would never be compiled or run)
"""
import json
import os
import subprocess
import sys


def packages():
    out = subprocess.run(
        ["cargo", "metadata", "--no-deps", "--format-version", "1"],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)["packages"]


def unlisted_tests(pkgs):
    missing = []
    for pkg in pkgs:
        tests = [t for t in pkg["targets"] if "test" in t["kind"]]
        tdir = os.path.join(os.path.dirname(pkg["manifest_path"]), "tests")
        if not os.path.isdir(tdir):
            continue
        roots = {os.path.realpath(t["src_path"]) for t in tests}
        text = "".join(open(r).read() for r in roots if r.startswith(os.path.realpath(tdir)))
        files = sorted(f for f in os.listdir(tdir) if f.endswith(".rs"))
        listed = 0
        for f in files:
            if os.path.realpath(os.path.join(tdir, f)) in roots:
                continue
            if f'#[path = "{f}"]' in text:
                listed += 1
            else:
                missing.append(os.path.join(tdir, f))
        if listed:
            print(pkg["name"], listed)
    return missing


def main(role):
    if role == "tests":
        missing = unlisted_tests(packages())
        if missing:
            sys.exit("test files no test target includes: " + " ".join(missing))
        return
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
    if len(sys.argv) != 2 or sys.argv[1] not in ("riscv32", "ctgrind", "tests"):
        sys.exit("usage: workspace.py riscv32|ctgrind|tests")
    main(sys.argv[1])
