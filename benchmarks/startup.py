"""Time to first question: ``studycli quiz`` against a minimal Typer app, in a real pty.

Run: python benchmarks/startup.py [--runs N]

What a learner waits for is the first question on screen, so that is what is measured:
from spawning the process in a pseudo-terminal until the top edge of the question panel
arrives, and until the answer prompt is drawn (prompt_toolkit ready for keys). The
baseline is the cheapest possible Typer CLI (one command, one option) printing a line,
which bounds what any Typer-based tool can do on this machine. Runs alternate between
the two so drift in machine load hits both alike; one warm-up run of each (compiling
bytecode, creating the progress file) is discarded. Medians are printed; nothing is
asserted, because absolute numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pexpect

MINIMAL_APP = """\
import typer

app = typer.Typer()


@app.command()
def main(name: str = typer.Option("world", help="Who to greet.")) -> None:
    print(f"ready {name}")


app()
"""
TIMEOUT = 60


def _spawn(args: list[str], env: dict[str, str]) -> tuple[pexpect.spawn, float]:
    started = time.perf_counter()
    child = pexpect.spawn(
        sys.executable, args, env=env, dimensions=(40, 80), encoding="utf-8", timeout=TIMEOUT
    )
    return child, started


def time_studycli(env: dict[str, str]) -> tuple[float, float]:
    """Milliseconds until the question panel, and until the answer prompt."""
    child, started = _spawn(["-m", "studycli", "quiz", "-n", "1"], env)
    child.expect("╭")  # the panel's top-left corner: the question is being drawn
    panel = time.perf_counter() - started
    child.expect("›")  # prompt_toolkit has drawn the prompt and reads keys
    prompt = time.perf_counter() - started
    child.sendcontrol("d")  # quit cleanly: nothing answered, nothing recorded
    child.expect(pexpect.EOF)
    child.close()
    return panel * 1000, prompt * 1000


def time_minimal(script: Path, env: dict[str, str]) -> float:
    """Milliseconds until the minimal Typer app has printed its line."""
    child, started = _spawn([str(script), "--name", "pty"], env)
    child.expect("ready pty")
    elapsed = time.perf_counter() - started
    child.expect(pexpect.EOF)
    child.close()
    return elapsed * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="measured runs of each (15)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "minimal_typer.py"
        script.write_text(MINIMAL_APP, encoding="utf-8")
        env = os.environ.copy()
        env.update(STUDYCLI_HOME=str(Path(tmp) / "home"), TERM="xterm", COLUMNS="80")
        env.pop("STUDYCLI_DECKS", None)
        time_studycli(env)  # warm-up: bytecode, progress file
        time_minimal(script, env)
        panels: list[float] = []
        prompts: list[float] = []
        minimal: list[float] = []
        for _ in range(args.runs):
            panel, prompt = time_studycli(env)
            panels.append(panel)
            prompts.append(prompt)
            minimal.append(time_minimal(script, env))
    rows = [
        ("minimal Typer app (one option)", minimal),
        ("studycli quiz: question panel", panels),
        ("studycli quiz: prompt ready", prompts),
    ]
    baseline = statistics.median(minimal)
    print(f"time to first output in a pty, {args.runs} alternating runs each (ms)")
    print(f"{'':32} {'median':>7} {'min':>7} {'max':>7} {'× base':>7}")
    for name, values in rows:
        median = statistics.median(values)
        print(
            f"{name:32} {median:7.0f} {min(values):7.0f} {max(values):7.0f}"
            f" {median / baseline:7.2f}"
        )


if __name__ == "__main__":
    main()
