#!/usr/bin/env python3
"""Public-API snapshot of the primitive crates, from rustdoc JSON.

Usage (from the repository root):
    python3 tools/api-snapshot/snapshot.py           # rewrite docs/api-snapshot/*.txt
    python3 tools/api-snapshot/snapshot.py --check   # fail if a snapshot differs

It runs `cargo +nightly rustdoc -p <crate> --lib -- -Z unstable-options
--output-format json` (default features) into target/api-json and prints one
line per public item: path, kind and, for functions and methods, the
signature; enum variants and `#[non_exhaustive]` are listed. A change to a
crate's public API shows up as a diff of its snapshot file in review, in the
spirit of `cargo public-api`.
"""
import json
import os
import subprocess
import sys

CRATES = [
    "umbra-schnorr",
    "umbra-eddsa",
    "umbra-tecdsa",
    "umbra-pedersen",
    "umbra-poseidon",
    "umbra-verkle",
    "umbra-ct-curves",
]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGET = os.path.join(ROOT, "target", "api-json")
OUT = os.path.join(ROOT, "docs", "api-snapshot")


def ty(t):
    """Render a rustdoc-JSON type."""
    if t is None:
        return "()"
    (k, v), = t.items()
    if k == "primitive":
        return v
    if k == "generic":
        return v
    if k == "tuple":
        return "(" + ", ".join(ty(x) for x in v) + ")"
    if k == "slice":
        return "[" + ty(v) + "]"
    if k == "array":
        return "[" + ty(v["type"]) + "; " + v["len"] + "]"
    if k == "borrowed_ref":
        lt = (v["lifetime"] + " ") if v.get("lifetime") else ""
        return "&" + lt + ("mut " if v["is_mutable"] else "") + ty(v["type"])
    if k == "raw_pointer":
        return ("*mut " if v["is_mutable"] else "*const ") + ty(v["type"])
    if k == "resolved_path":
        return v["path"] + args(v.get("args"))
    if k == "qualified_path":
        tr = v.get("trait")
        trs = (" as " + tr["path"] + args(tr.get("args"))) if tr else ""
        return "<" + ty(v["self_type"]) + trs + ">::" + v["name"]
    if k == "impl_trait":
        return "impl " + " + ".join(bound(b) for b in v)
    if k == "dyn_trait":
        return "dyn " + " + ".join(p["trait"]["path"] for p in v["traits"])
    if k == "function_pointer":
        return "fn(..)"
    return k


def args(a):
    if not a:
        return ""
    if "angle_bracketed" in a:
        parts = []
        for g in a["angle_bracketed"]["args"]:
            if "lifetime" in g:
                parts.append(g["lifetime"])
            elif "type" in g:
                parts.append(ty(g["type"]))
            elif "const" in g:
                parts.append(g["const"].get("expr", "_"))
            else:
                parts.append("_")
        for c in a["angle_bracketed"].get("constraints", []):
            b = c.get("binding", {})
            if "equality" in b and "type" in b["equality"]:
                parts.append(c["name"] + " = " + ty(b["equality"]["type"]))
        return "<" + ", ".join(parts) + ">" if parts else ""
    if "parenthesized" in a:
        p = a["parenthesized"]
        return "(" + ", ".join(ty(x) for x in p["inputs"]) + ")" + (
            " -> " + ty(p["output"]) if p.get("output") else "")
    return ""


def bound(b):
    if "trait_bound" in b:
        tr = b["trait_bound"]["trait"]
        mod = "?" if b["trait_bound"].get("modifier") == "maybe" else ""
        return mod + tr["path"] + args(tr.get("args"))
    if "outlives" in b:
        return b["outlives"]
    return "?"


def generics(g):
    ps = []
    for p in g.get("params", []):
        kind = p["kind"]
        if "type" in kind:
            bs = kind["type"].get("bounds", [])
            ps.append(p["name"] + (": " + " + ".join(bound(b) for b in bs) if bs else ""))
        elif "const" in kind:
            ps.append("const " + p["name"] + ": " + ty(kind["const"]["type"]))
        elif "lifetime" in kind:
            if not p["name"].startswith("'_"):
                ps.append(p["name"])
    return "<" + ", ".join(ps) + ">" if ps else ""


def fn_sig(name, f):
    inputs = []
    for n, t in f["sig"]["inputs"]:
        if n == "self":
            r = ty(t)
            inputs.append({"Self": "self", "&Self": "&self", "&mut Self": "&mut self"}.get(r, "self: " + r))
        else:
            inputs.append(n + ": " + ty(t))
    out = f["sig"].get("output")
    hdr = f.get("header", {})
    pre = "const " if hdr.get("is_const") else ""
    return (pre + "fn " + name + generics(f.get("generics", {})) + "(" + ", ".join(inputs) + ")"
            + (" -> " + ty(out) if out else ""))


def snapshot(crate):
    lib = crate.replace("-", "_")
    env = dict(os.environ, CARGO_TARGET_DIR=TARGET)
    subprocess.run(["cargo", "+nightly", "rustdoc", "-q", "-p", crate, "--lib", "--",
                    "-Z", "unstable-options", "--output-format", "json"],
                   cwd=ROOT, env=env, check=True)
    d = json.load(open(os.path.join(TARGET, "doc", lib + ".json")))
    idx = d["index"]
    lines = []

    def attrs(item):
        a = json.dumps(item.get("attrs", []))
        return " #[non_exhaustive]" if "non_exhaustive" in a else ""

    def impl_lines(path, impl_ids):
        for iid in impl_ids:
            imp = idx.get(str(iid))
            if not imp:
                continue
            im = imp["inner"]["impl"]
            if im.get("is_synthetic") or im.get("blanket_impl"):
                continue
            if im.get("trait"):
                if im["trait"]["path"] == "StructuralPartialEq":
                    continue
                lines.append(path + " impl" + generics(im.get("generics", {})) + " "
                             + im["trait"]["path"] + args(im["trait"].get("args"))
                             + " for " + ty(im["for"]))
                continue
            for mid in im["items"]:
                m = idx.get(str(mid))
                if not m or m.get("visibility") != "public":
                    continue
                if "function" in m["inner"]:
                    lines.append(path + "::" + fn_sig(m["name"], m["inner"]["function"]))
                elif "assoc_const" in m["inner"]:
                    lines.append(path + "::const " + m["name"] + ": " + ty(m["inner"]["assoc_const"]["type"]))

    seen_mods = set()

    def walk(mod_id, path):
        if (mod_id, path) in seen_mods:
            return
        seen_mods.add((mod_id, path))
        mod = idx[str(mod_id)]
        for iid in mod["inner"]["module"]["items"]:
            it = idx.get(str(iid))
            if not it or it.get("visibility") != "public":
                continue
            emit(it, it.get("name"), path)

    def emit(it, name, path):
        (kind, inner), = it["inner"].items()
        p = path + "::" + name if name else path
        if True:
            if kind == "module":
                lines.append(p + " mod")
                walk(it["id"], p)
            elif kind == "use":
                u = inner
                target = idx.get(str(u.get("id"))) if u.get("id") is not None else None
                if target is not None and target.get("crate_id") == 0:
                    if u.get("is_glob"):
                        if "module" in target["inner"]:
                            walk(target["id"], path)
                    else:
                        emit(target, u["name"], path)
                else:
                    lines.append(path + " pub use " + u["source"] + ("::*" if u.get("is_glob") else "")
                                 + ("" if u.get("is_glob") or u["source"].split("::")[-1] == u["name"] else " as " + u["name"]))
            elif kind == "function":
                lines.append(path + "::" + fn_sig(name, inner))
            elif kind == "struct":
                lines.append(p + " struct" + generics(inner.get("generics", {})) + attrs(it))
                impl_lines(p, inner.get("impls", []))
            elif kind == "enum":
                lines.append(p + " enum" + generics(inner.get("generics", {})) + attrs(it))
                for vid in inner["variants"]:
                    v = idx[str(vid)]
                    vk = v["inner"]["variant"]["kind"]
                    shape = "" if vk == "plain" else (" (..)" if "tuple" in vk else " {..}")
                    lines.append(p + "::" + v["name"] + shape)
                impl_lines(p, inner.get("impls", []))
            elif kind == "trait":
                lines.append(p + " trait" + generics(inner.get("generics", {})))
                for mid in inner["items"]:
                    m = idx[str(mid)]
                    if "function" in m["inner"]:
                        lines.append(p + "::" + fn_sig(m["name"], m["inner"]["function"]))
                    else:
                        lines.append(p + "::" + list(m["inner"].keys())[0] + " " + m["name"])
            elif kind == "constant":
                lines.append(p + " const: " + ty(inner["type"]))
            elif kind == "type_alias":
                lines.append(p + " type = " + ty(inner["type"]))
            elif kind == "static":
                lines.append(p + " static: " + ty(inner["type"]))
            else:
                lines.append(p + " " + kind)

    walk(d["root"], lib)
    return "".join(sorted(set(l + "\n" for l in lines)))


def main():
    check = "--check" in sys.argv
    os.makedirs(OUT, exist_ok=True)
    bad = []
    for crate in CRATES:
        text = "# public API of " + crate + " (tools/api-snapshot/snapshot.py)\n" + snapshot(crate)
        path = os.path.join(OUT, crate + ".txt")
        if check:
            old = open(path).read() if os.path.exists(path) else ""
            if old != text:
                bad.append(crate)
        else:
            open(path, "w").write(text)
    if bad:
        print("public API changed (rerun without --check and review the diff):", ", ".join(bad))
        sys.exit(1)


if __name__ == "__main__":
    main()
