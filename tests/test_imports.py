"""Quick commands must not pay for heavy libraries they do not use."""

from __future__ import annotations

import subprocess
import sys


def imported_modules(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "studycli", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        line.split("|")[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }


def test_version_imports_neither_prompt_toolkit_nor_fsrs_nor_sqlite() -> None:
    modules = imported_modules("--version")
    assert "prompt_toolkit" not in modules
    assert "fsrs" not in modules
    assert "sqlite3" not in modules
    assert "tomli" not in modules


def test_decks_list_json_does_not_import_the_scheduler_or_ui() -> None:
    modules = imported_modules("decks", "list", "--json")
    assert "prompt_toolkit" not in modules
    assert "fsrs" not in modules
