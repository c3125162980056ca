"""A plain (non-editable) install finds the bundled decks from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_built_wheel_ships_the_decks(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("studycli-*.whl"))

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    venv_site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The dependencies come from the test environment, appended after the venv's own
    # site-packages, so the studycli found is the one installed from the wheel.
    (venv_site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["STUDYCLI_HOME"] = str(tmp_path / "home")
    studycli = venv / "bin" / "studycli"
    for args in (["--help"], ["--version"]):
        assert (
            subprocess.run([str(studycli), *args], cwd=elsewhere, env=env, check=False).returncode
            == 0
        )
    listing = subprocess.run(
        [str(studycli), "decks", "list", "--json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(listing.stdout)
    expected = {path.stem for path in (ROOT / "decks").glob("*.toml")}
    assert len(rows) == len(expected)
    for row in rows:
        assert str(venv_site) in row["path"], row["path"]
