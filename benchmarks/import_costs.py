"""What each command imports beyond the minimal Typer app (``python -X importtime``).

Run: python benchmarks/import_costs.py [--runs N]

Each command (and the baseline) runs N times under ``-X importtime``; a module's cost is
the median of its "self" time over the runs. A module is *extra* when the command
imports it and the minimal app does not. Extra modules are reported in two ways:

- by top-level package (``studycli``, ``rich``, ``fsrs``...), summing self times;
- as the *roots* of extra subtrees (an extra module imported by a module the minimal app
  also has, or at top level), each with the self time of the extra modules under it.

``-X importtime`` itself slows imports a little, so the absolute numbers run higher than
in the timed runs; the proportions are what matter.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from benchlib import bench_env
from startup_commands import Command, baseline, commands, prepare_home

LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)\s*$")


@dataclass
class Module:
    name: str
    depth: int
    self_us: list[int] = field(default_factory=list)
    parent: str | None = None


@dataclass
class Profile:
    """Import tree of one command, self times as medians over runs."""

    modules: dict[str, Module]

    def self_ms(self, name: str) -> float:
        return statistics.median(self.modules[name].self_us) / 1000

    def total_ms(self, names: set[str] | None = None) -> float:
        chosen = self.modules if names is None else names
        return sum(self.self_ms(name) for name in chosen)


def parse(text: str) -> list[tuple[str, int, int]]:
    """(module, depth, self µs) in the order importtime prints them (children first)."""
    rows: list[tuple[str, int, int]] = []
    for line in text.splitlines():
        match = LINE.match(line)
        if match:
            self_us, _cumulative, indent, name = match.groups()
            rows.append((name, (len(indent) - 1) // 2, int(self_us)))
    return rows


def _parents(rows: list[tuple[str, int, int]]) -> dict[str, str | None]:
    """A module's parent is the next line printed with a smaller depth."""
    parents: dict[str, str | None] = {}
    pending: list[tuple[str, int]] = []  # modules still waiting for their parent
    for name, depth, _self in rows:
        while pending and pending[-1][1] > depth:
            parents[pending.pop()[0]] = name
        pending.append((name, depth))
    for name, _depth in pending:
        parents[name] = None
    return parents


def profile(command: Command, runs: int, home: Path) -> Profile:
    env = bench_env(home)
    argv = command.argv()
    args = [argv[0], "-X", "importtime", *argv[1:]]
    modules: dict[str, Module] = {}
    for _ in range(runs):
        done = subprocess.run(args, input=command.stdin, capture_output=True, env=env, check=False)
        rows = parse(done.stderr.decode("utf-8", errors="replace"))
        parents = _parents(rows)
        for name, depth, self_us in rows:
            module = modules.setdefault(name, Module(name, depth, parent=parents[name]))
            module.self_us.append(self_us)
    return Profile(modules)


@dataclass(frozen=True)
class Extra:
    command: str
    total_ms: float
    modules: int
    by_package: list[tuple[str, float, int]]
    roots: list[tuple[str, float, int]]
    avoided_ms: float
    avoided: list[tuple[str, float]]
    heaviest: list[tuple[str, float]]


def _root_of(name: str, extra: set[str], profile: Profile) -> str:
    parent = profile.modules[name].parent
    while parent is not None and parent in extra:
        name, parent = parent, profile.modules[parent].parent
    return name


def compare(name: str, command: Profile, baseline: Profile, top: int = 8) -> Extra:
    extra = set(command.modules) - set(baseline.modules)
    packages: dict[str, list[str]] = defaultdict(list)
    roots: dict[str, list[str]] = defaultdict(list)
    for module in extra:
        packages[module.split(".")[0]].append(module)
        roots[_root_of(module, extra, command)].append(module)
    by_package = sorted(
        ((pkg, command.total_ms(set(mods)), len(mods)) for pkg, mods in packages.items()),
        key=lambda row: -row[1],
    )
    by_root = sorted(
        ((root, command.total_ms(set(mods)), len(mods)) for root, mods in roots.items()),
        key=lambda row: -row[1],
    )
    missing = set(baseline.modules) - set(command.modules)
    missing_packages: dict[str, float] = defaultdict(float)
    for module in missing:
        missing_packages[module.split(".")[0]] += baseline.self_ms(module)
    avoided = sorted(missing_packages.items(), key=lambda row: -row[1])
    return Extra(
        command=name,
        total_ms=command.total_ms(extra),
        modules=len(extra),
        by_package=by_package[:top],
        roots=by_root[:top],
        avoided_ms=baseline.total_ms(missing),
        avoided=avoided[:4],
        heaviest=sorted(((m, command.self_ms(m)) for m in extra), key=lambda row: -row[1])[:6],
    )


def measure(runs: int, home: Path, names: set[str] | None = None) -> tuple[float, list[Extra]]:
    """Total import self time of the baseline, and what each command (those in *names*,
    else all) adds to it."""
    export = prepare_home(home)  # also the warm-up: bytecode caches, progress file
    cmds = [c for c in commands(export) if names is None or c.name in names]
    base = profile(baseline(), runs, home)
    extras = [compare(c.name, profile(c, runs, home), base) for c in cmds]
    return base.total_ms(), extras


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base_ms, extras = measure(args.runs, Path(tmp) / "home")
    print(f"minimal Typer app: {base_ms:.0f} ms of imports (self times, under -X importtime)")
    for extra in extras:
        print(f"\n{extra.command}: +{extra.total_ms:.0f} ms in {extra.modules} extra modules")
        print("  by package: " + ", ".join(f"{p} {ms:.1f}" for p, ms, _n in extra.by_package))
        for root, ms, count in extra.roots:
            print(f"  {ms:6.1f} ms  {root} ({count} modules)")
        print("  heaviest: " + ", ".join(f"{m} {ms:.1f}" for m, ms in extra.heaviest))
        if extra.avoided:
            avoided = ", ".join(f"{p} {ms:.1f}" for p, ms in extra.avoided)
            print(f"  not imported (in the baseline): {extra.avoided_ms:.0f} ms: {avoided}")


if __name__ == "__main__":
    main()
