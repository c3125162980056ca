"""The startup baseline: the smallest useful Typer CLI, one command with one option.

Run: python benchmarks/minimal_typer_app.py --name world

Whatever a Typer-based tool does, it cannot start faster than this on the same machine
and interpreter, so studycli's startup figures are given as ratios to it.
"""

from __future__ import annotations

import typer

app = typer.Typer()


@app.command()
def main(name: str = typer.Option("world", help="Who to greet.")) -> None:
    """Print one line and exit."""
    print(f"ready {name}")


if __name__ == "__main__":
    app()
