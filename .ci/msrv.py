"""Fails when a dependency needs a newer Rust than the MSRV in Cargo.toml (`rust-version`).

Together with clippy's `incompatible_msrv` lint (standard-library APIs newer than `rust-version` are denied in
CI), this is how CI checks the MSRV on a machine that has a single toolchain.
"""
import json
import subprocess
import sys


def version(text):
    parts = [int(part) for part in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


metadata = json.loads(
    subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--all-features", "--locked"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
)
root = next(p for p in metadata["packages"] if p["name"] == "hookplan")
msrv = version(root["rust_version"])
too_new = [
    f"{p['name']} {p['version']} needs Rust {p['rust_version']}"
    for p in metadata["packages"]
    if p.get("rust_version") and version(p["rust_version"]) > msrv
]
if too_new:
    print(f"dependencies newer than hookplan's rust-version {root['rust_version']}:", *too_new, sep="\n  ")
    sys.exit(1)
print(f"MSRV {root['rust_version']}: every dependency's rust-version is at most that")
