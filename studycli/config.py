"""The learner's settings from ``$STUDYCLI_HOME/config.toml``.

Every key is optional; a missing file means the defaults. A wrong value is a
:class:`ConfigError` naming the file and the key, never a silent fallback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from studycli.errors import ConfigError
from studycli.files import MiB, TomlProblem, parse_toml, read_regular

PARAMETER_COUNT = 21


@dataclass(frozen=True, slots=True)
class Config:
    desired_retention: float = 0.9
    new_per_day: int = 20
    day_rollover_hour: int = 4
    fuzz: bool = True
    parameters: tuple[float, ...] | None = None
    exam_date: date | None = None
    exam_margin_days: int = 14
    minutes_per_day: int = 20


def _number(path: Path, data: dict[str, Any], key: str, low: float, high: float) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ConfigError(f"{path}: '{key}' must be a number from {low} to {high}, got {value!r}")
    return float(value)


def _whole(path: Path, data: dict[str, Any], key: str, low: int, high: int) -> int | None:
    """A setting that counts something: 2.7 new cards a day is an error, not 2."""
    value = _number(path, data, key, low, high)
    if value is not None and not value.is_integer():
        raise ConfigError(f"{path}: '{key}' must be a whole number, got {data[key]!r}")
    return None if value is None else int(value)


def _parameters(path: Path, value: object) -> tuple[float, ...] | None:
    """FSRS weights: 21 finite numbers, each within the bounds FSRS itself allows."""
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) != PARAMETER_COUNT
        or not all(isinstance(p, int | float) and not isinstance(p, bool) for p in value)
    ):
        raise ConfigError(f"{path}: 'parameters' must be a list of {PARAMETER_COUNT} numbers")
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    bounds = zip(value, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    for number, (given, low, high) in enumerate(bounds, start=1):
        if not low <= given <= high:  # also false for nan
            raise ConfigError(
                f"{path}: 'parameters' item {number} must be from {low} to {high}, "
                f"got {given!r} (run `studycli optimize` to fit them, or remove the key)"
            )
    return tuple(float(p) for p in value)


def load_config(path: Path) -> Config:
    """Read *path*, or return the defaults when it does not exist."""
    try:
        data = parse_toml(read_regular(path, MiB))
    except FileNotFoundError:
        return Config()
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror or error}") from error
    except TomlProblem as error:
        where = "" if error.line is None else f" (line {error.line}, column {error.column})"
        raise ConfigError(f"{path}: {error.message}{where}") from error
    known = {
        "desired_retention",
        "new_per_day",
        "day_rollover_hour",
        "fuzz",
        "parameters",
        "exam_date",
        "exam_margin_days",
        "minutes_per_day",
    }
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting '{unknown[0]}' (known: {', '.join(sorted(known))})"
        )
    defaults = Config()
    retention = _number(path, data, "desired_retention", 0.7, 0.99)
    new_per_day = _whole(path, data, "new_per_day", 0, 9999)
    rollover = _whole(path, data, "day_rollover_hour", 0, 23)
    fuzz = data.get("fuzz", defaults.fuzz)
    if not isinstance(fuzz, bool):
        raise ConfigError(f"{path}: 'fuzz' must be true or false, got {fuzz!r}")
    parameters = _parameters(path, data.get("parameters"))
    exam_date = data.get("exam_date")
    if exam_date is not None and (
        not isinstance(exam_date, date) or isinstance(exam_date, datetime)
    ):
        raise ConfigError(f"{path}: 'exam_date' must be a date like 2027-06-14, got {exam_date!r}")
    margin = _whole(path, data, "exam_margin_days", 0, 365)
    minutes = _whole(path, data, "minutes_per_day", 1, 1440)
    return Config(
        desired_retention=defaults.desired_retention if retention is None else retention,
        new_per_day=defaults.new_per_day if new_per_day is None else new_per_day,
        day_rollover_hour=defaults.day_rollover_hour if rollover is None else rollover,
        fuzz=fuzz,
        parameters=parameters,
        exam_date=exam_date,
        exam_margin_days=defaults.exam_margin_days if margin is None else margin,
        minutes_per_day=defaults.minutes_per_day if minutes is None else minutes,
    )


def update_config(path: Path, changes: Mapping[str, object | None]) -> None:
    """Set the keys in *changes* in *path* (None removes a key), keeping every other
    key, the comments and the layout; the result is checked before it replaces the file.

    The new file is written beside the old one and renamed over it, so a crash leaves
    either the old config or the new one, never half of one.
    """
    import os

    import tomlkit

    from studycli.atomic import replacing

    load_config(path)  # refuse to rewrite a config that is already wrong
    try:
        document = tomlkit.parse(read_regular(path, MiB).removeprefix(b"\xef\xbb\xbf").decode())
    except FileNotFoundError:
        document = tomlkit.document()
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror or error}") from error
    for key, value in changes.items():
        if value is None:
            document.pop(key, None)
        else:
            document[key] = value
    text = tomlkit.dumps(document)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as temporary:
            with temporary.open("w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            load_config(temporary)
    except OSError as error:
        raise ConfigError(f"{path}: cannot be written: {error}") from error
