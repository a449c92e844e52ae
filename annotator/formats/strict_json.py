"""Strict JSON reading shared by every JSON-based format.

Python's ``json`` module quietly accepts things that corrupt a dataset: ``NaN`` and ``Infinity`` (not JSON),
a key given twice (the last one silently wins), and pydantic in lax mode turns ``true`` into ``1``. Here
each of those is an error naming the file, the line (of the record) and the field. Readers use
``StrictInt``/``StrictStr`` in their pydantic models for the last point.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from annotator.domain.errors import InputError
from annotator.domain.files import require_regular_file
from annotator.formats.records import Rejection

Model = TypeVar("Model", bound=BaseModel)

_BOM = "\ufeff"


class JsonProblem(ValueError):
    """A record that is not strict JSON; ``field`` names the key when it is known."""

    def __init__(self, message: str, field: str | None = None, *, syntax: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # A syntax error leaves no record boundary to resume from.
        self.syntax = syntax


def _reject_constant(name: str) -> Any:
    raise JsonProblem(f"{name} is not a number JSON allows; expected a finite number")


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Called for every object of a file: the dict is built in C, and only a short one means a key repeats.
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise JsonProblem("the key appears twice in one object; expected each key once", field=key)
            seen.add(key)
    return result


# Python refuses to convert an integer of more than 4,300 digits (a ValueError deep in the decoder); no
# offset, count or id needs a hundredth of that.
MAX_INTEGER_DIGITS = 40


def _checked_int(digits: str) -> int:
    if len(digits) > MAX_INTEGER_DIGITS and len(digits.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise JsonProblem(
            f"has an integer of {len(digits.lstrip('-')):,} digits; expected at most {MAX_INTEGER_DIGITS}"
        )
    return int(digits)


DECODER = json.JSONDecoder(
    parse_constant=_reject_constant, object_pairs_hook=_reject_duplicates, parse_int=_checked_int
)
# Only finds where a rejected element ends: converts nothing, so nothing in it can fail but its syntax.
LENIENT = json.JSONDecoder(parse_int=str, parse_float=str, parse_constant=str)


# Only an escape can put a surrogate into a decoded string (strict UTF-8 decoding refuses their bytes), so
# values whose text has no surrogate escape are not walked (the walk was a tenth of an import's time).
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def loads(text: str) -> Any:
    """Parse one JSON value strictly; raises JsonProblem."""
    try:
        value, end = DECODER.raw_decode(text, _skip_space(text, 0))
        if _skip_space(text, end) != len(text):
            raise JsonProblem(
                f"is not valid JSON (extra data after the value at column {end + 1})", syntax=True
            )
        if SURROGATE_ESCAPE.search(text):
            reject_lone_surrogates(value, None)
    except json.JSONDecodeError as error:
        raise JsonProblem(f"is not valid JSON ({error.msg} at column {error.colno})", syntax=True) from error
    except RecursionError:
        raise JsonProblem("nests lists or objects too deeply to be a record", syntax=True) from None
    return value


def reject_lone_surrogates(value: Any, field: str | None) -> None:
    """JSON may escape half of a UTF-16 pair (``"\\ud800"``); that is no character and cannot be stored."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            code = ord(value[error.start])
            raise JsonProblem(
                f"contains an unpaired surrogate \\u{code:04x}, which is not a character; "
                "expected Unicode text",
                field=field,
            ) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            reject_lone_surrogates(key, field)
            reject_lone_surrogates(item, key if field is None else f"{field}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            reject_lone_surrogates(item, f"{field or ''}[{index}]")


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def _ascii_compatible(encoding: str) -> bool:
    try:
        return "\n{}".encode(encoding) == b"\n{}"
    except LookupError as error:
        raise InputError(f"unknown encoding '{encoding}'") from error


def decode(raw: bytes, path: Path, encoding: str, *, first_line: int = 1) -> str:
    """Decode strictly; bad bytes raise InputError naming the line and suggesting ``--encoding``."""
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise bad_bytes(raw, path, encoding, error, first_line=first_line) from error
    except LookupError as error:
        raise InputError(f"unknown encoding '{encoding}'", path=path) from error
    return text[1:] if text.startswith(_BOM) else text


def bad_bytes(
    raw: bytes, path: Path, encoding: str, error: UnicodeDecodeError, *, first_line: int = 1
) -> InputError:
    line = first_line + raw.count(b"\n", 0, error.start)
    return InputError(
        f"is not valid {encoding} (byte 0x{raw[error.start]:02x} at offset {error.start}); "
        "if it uses another encoding, say which with --encoding (for example --encoding cp1252)",
        path=path,
        line=line,
    )


def read_bytes(path: Path) -> bytes:
    require_regular_file(path)
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path=path) from error


def iter_json_lines(path: Path, encoding: str) -> Iterator[tuple[int, Any | Rejection]]:
    """(line number, parsed value or Rejection) for each non-blank line of a JSON Lines file.

    With an ASCII-compatible encoding the file is read a line at a time (never whole) and each line is
    decoded on its own, so one line with bad bytes rejects only that record.
    """
    if not _ascii_compatible(encoding):
        text = decode(read_bytes(path), path, encoding)
        for number, line in enumerate(text.split("\n"), start=1):
            if line and not line.isspace():
                yield number, _parsed_line(path, number, line)
        return
    require_regular_file(path)
    bom = encoding.lower().replace("-", "") in {"utf8", "utf8sig"}
    try:
        with path.open("rb") as stream:
            for number, chunk in enumerate(stream, start=1):
                if number == 1 and bom and chunk.startswith(b"\xef\xbb\xbf"):
                    chunk = chunk[3:]
                try:
                    line = chunk.decode(encoding)
                except UnicodeDecodeError as error:
                    problem = bad_bytes(chunk, path, encoding, error, first_line=number)
                    yield number, Rejection(path, number, problem.detail)
                    continue
                if line and not line.isspace():  # a blank line is no record (nor an error)
                    yield number, _parsed_line(path, number, line)
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path=path) from error


def count_lines(path: Path) -> int:
    """How many lines a file has (a progress bar's total for a JSON Lines file), read in blocks of 1 MB."""
    count, last = 0, b"\n"
    try:
        with path.open("rb") as stream:
            while block := stream.read(1 << 20):
                count += block.count(b"\n")
                last = block[-1:]
    except OSError:
        return 0
    return count + (last != b"\n")


def _parsed_line(path: Path, number: int, line: str) -> Any | Rejection:
    try:
        return loads(line)
    except JsonProblem as problem:
        return Rejection(path, number, problem.message, problem.field)


def plain_offsets(start: object, end: object) -> tuple[int, int] | None:
    """``(start, end)`` when a reader's model would accept them as they are: integers (not ``true`` or
    ``false``, as ``StrictInt``), ``start >= 0`` and ``end > 0``; else None. Readers take such spans
    without a model per span; any other value goes through the model, which says what is wrong."""
    if type(start) is int and type(end) is int and start >= 0 and end > 0:
        return start, end
    return None


def validate(model: type[Model], value: Any, path: Path, line: int) -> Model | Rejection:
    """Validate one record; the first problem becomes a Rejection naming the field and what was expected."""
    try:
        return model.model_validate(value)
    except ValidationError as error:
        return rejection_from(error, path, line)


def rejection_from(error: ValidationError, path: Path, line: int | None) -> Rejection:
    problems = error.errors(include_url=False)
    first = problems[0]
    field = field_path(first["loc"])
    got = first.get("input")
    shown = repr(got)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    message = first["msg"].replace("Input should be", "expected")
    detail = message if first["type"] == "missing" else f"{message}, got {shown}"
    if len(problems) > 1:
        detail += f" (and {len(problems) - 1} more problem(s) in this record)"
    return Rejection(path, line, detail, field or None)


def field_path(loc: tuple[int | str, ...]) -> str:
    """('spans', 2, 'start') -> 'spans[2].start'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
