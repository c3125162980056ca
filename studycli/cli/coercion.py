"""Option values turned into their types without Pydantic where that is plain.

Typer (0.26 and later) converts each option's value with a Pydantic ``TypeAdapter`` that it
builds when the command runs, even for an option that was not given: importing Pydantic
and building the adapters takes ~45 ms, a third of the start-up of the smallest Typer
program. studycli's options are strings, whole numbers, paths, topics and lists of them.
For a value in canonical form (any string; digits or a decimal within the option's bounds; a
non-empty path that passes the option's checks; a topic spelled as one) this module gives
the very result Typer's adapter would; anything else (another type, a malformed number,
a value out of bounds, a failed check) goes to Typer's own coercion, so the result and
the error message are Typer's own.

It uses Typer's internal coercion classes; :func:`install` does nothing where they are
missing or differ, and Typer then coerces everything itself (slower, same result).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from typer._click import Context
from typer._click.core import Command
from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path, routes_to_path
from typer._typing import get_args, get_origin
from typer.core import TyperGroup, _TyperParameter
from typer.models import ParameterInfo

WHOLE_NUMBER = re.compile(r"0|[1-9][0-9]{0,17}")  # what int() and Pydantic read alike
DECIMAL = re.compile(r"(0|[1-9][0-9]{0,14})(\.[0-9]{1,15})?")  # and float()


class _Unplain(Exception):
    """The value is not one this module converts: Typer's coercion takes it."""


@dataclass(frozen=True)
class PlainRuntimeParam(RuntimeParam):
    """Typer's runtime coercion for one parameter, plain values done here."""

    descriptor: TypeDescriptor

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        try:
            if _is_list(self.annotation):
                (item,) = get_args(self.annotation)
                if not isinstance(value, list | tuple):
                    raise _Unplain
                return [self._leaf(one, item, ctx) for one in value]
            return self._leaf(value, self.annotation, ctx)
        except _Unplain:
            real = build_runtime_param(self.descriptor)
            param._runtime_param = real  # from now on Typer's own, for this parameter
            return real._coerce_value(value, param=param, ctx=ctx)

    def _leaf(self, value: Any, annotation: Any, ctx: Context) -> Any:
        info = self.parameter_info
        if annotation is bool and isinstance(value, bool):
            return value
        if info.parser is not None or isinstance(value, bool | bytes):
            raise _Unplain
        if annotation is str and isinstance(value, str):
            return value
        if annotation is int:
            return _whole_number(value, info)
        if annotation is float:
            return _decimal(value, info)
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            return _choice(value, annotation, info, ctx)
        if annotation is Path:
            return _path(value, info, ctx)
        raise _Unplain


def _whole_number(value: Any, info: ParameterInfo) -> int:
    """Digits (or a number already) within the option's bounds, as Pydantic reads them."""
    if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value):
        value = int(value)
    if not isinstance(value, int) or info.clamp:
        raise _Unplain
    if (info.min is not None and value < info.min) or (info.max is not None and value > info.max):
        raise _Unplain
    return value


def _decimal(value: Any, info: ParameterInfo) -> float:
    """A plain decimal (or a number already) within the option's bounds, as a float."""
    if isinstance(value, str) and DECIMAL.fullmatch(value):
        value = float(value)
    if not isinstance(value, int | float) or info.clamp:
        raise _Unplain
    if (info.min is not None and value < info.min) or (info.max is not None and value > info.max):
        raise _Unplain
    return float(value)


def _choice(value: Any, annotation: type[Enum], info: ParameterInfo, ctx: Context) -> Any:
    """One of the enumeration's values, by Typer's own matching."""
    if not isinstance(value, str | Enum):
        raise _Unplain
    try:
        return coerce_cli_choice(
            value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx
        )
    except ValueError:
        raise _Unplain from None


def _path(value: Any, info: ParameterInfo, ctx: Context) -> Any:
    """A path that passes the option's checks (Typer's own), as a :class:`Path`."""
    if info.path_type is not None or value in ("", "-"):
        raise _Unplain
    if isinstance(value, str):
        value = Path(value)
    if not isinstance(value, Path):
        raise _Unplain
    try:
        return coerce_cli_path(value, info, path_type=Path, ctx=ctx)
    except BadParameter:
        raise _Unplain from None


def _is_list(annotation: Any) -> bool:
    return bool(get_origin(annotation) is list)


def _plain(annotation: Any) -> bool:
    """Whether :class:`PlainRuntimeParam` knows the type (else Typer alone coerces)."""
    if _is_list(annotation):
        (annotation,) = get_args(annotation)
    return annotation in (str, int, float, bool, Path) or (
        isinstance(annotation, type) and issubclass(annotation, Enum)
    )


def install(command: Command) -> None:
    """Give every parameter of *command* plain coercion, and of each subcommand when it is
    looked up (most runs look up one)."""
    command.get_help_option(Context(command, **command.context_settings))  # made once, kept
    for param in [*command.params, command._help_option]:
        if not isinstance(param, _TyperParameter) or param._runtime_param is not None:
            continue
        descriptor = param.type_descriptor
        if descriptor.file_annotation is not None or not _plain(descriptor.annotation):
            continue
        if descriptor.annotation is Path and not routes_to_path(
            descriptor.annotation, descriptor.parameter_info
        ):
            continue
        param._runtime_param = PlainRuntimeParam(
            parameter_info=descriptor.parameter_info,
            annotation=descriptor.annotation,
            descriptor=descriptor,
        )
    if isinstance(command, TyperGroup):
        look_up = command.get_command

        def get_command(ctx: Context, name: str) -> Command | None:
            sub = look_up(ctx, name)
            if sub is not None:
                install(sub)
            return sub

        command.get_command = get_command  # type: ignore[method-assign,assignment]
