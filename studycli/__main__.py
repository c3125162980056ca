"""Allow ``python -m studycli``."""

from __future__ import annotations

from studycli.cli.main import main

if __name__ == "__main__":
    main()
