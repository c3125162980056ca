"""Drive a real ``studycli`` process through pipes, reading its output as it comes."""

from __future__ import annotations

import os
import re
import selectors
import subprocess
import sys
import time
from collections.abc import Sequence


class Driver:
    """A studycli subprocess in plain line mode, answered line by line."""

    def __init__(self, args: Sequence[str], env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "studycli", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env or os.environ.copy(),
        )
        assert self.process.stdout is not None
        os.set_blocking(self.process.stdout.fileno(), False)
        self.output = ""
        self._seen = 0

    def read_until(self, pattern: str, timeout: float = 30.0) -> re.Match[str]:
        """Wait for *pattern* in output not yet consumed; return the match."""
        assert self.process.stdout is not None
        compiled = re.compile(pattern, re.MULTILINE)
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            while True:
                match = compiled.search(self.output, self._seen)
                if match:
                    self._seen = match.end()
                    return match
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"timed out waiting for {pattern!r}; output:\n{self.output}"
                    )
                if selector.select(remaining):
                    chunk = os.read(self.process.stdout.fileno(), 65536)
                    if not chunk and self.process.poll() is not None:
                        assert self.process.stderr is not None
                        stderr = self.process.stderr.read().decode("utf-8", "replace")
                        raise AssertionError(
                            f"process ended before {pattern!r}; output:\n{self.output}"
                            f"\nstderr:\n{stderr}"
                        )
                    self.output += chunk.decode("utf-8", "replace")

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((line + "\n").encode())
        self.process.stdin.flush()

    def close_input(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()

    def finish(self, timeout: float = 30.0) -> tuple[int, str, str]:
        """Wait for exit; return (exit code, all stdout, stderr)."""
        if self.process.stdin is not None and self.process.stdin.closed:
            self.process.stdin = None
        stdout, stderr = self.process.communicate(timeout=timeout)
        self.output += stdout.decode("utf-8", "replace") if stdout else ""
        return self.process.returncode, self.output, stderr.decode("utf-8", "replace")
