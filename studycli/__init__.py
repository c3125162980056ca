"""studycli: study Khrushchev's 1956 Secret Speech in the terminal."""

from __future__ import annotations

__version__ = "0.1.0"
