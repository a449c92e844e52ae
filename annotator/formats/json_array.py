"""The elements of a JSON array file one at a time, read a block at a time: never the whole file.

Label Studio exports its tasks as one JSON list, often on one line with no newline at all. Parsing such a
file whole held the text and every task at once (1.2 GB for a 145 MB export); here only a window of the
decoded text is held, cut at its start as elements are taken and extended at its end as needed, so the
peak is about the largest element plus a block. An element cut off by the window's end is parsed again
once more text is read, and each such read doubles the window, so a 200 MB element costs a few parses,
not one per block. Lines are counted once, incrementally, for the line each element starts on.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from annotator.domain.errors import InputError
from annotator.domain.files import require_regular_file
from annotator.formats.records import Rejection
from annotator.formats.strict_json import (
    DECODER,
    LENIENT,
    SURROGATE_ESCAPE,
    JsonProblem,
    bad_bytes,
    reject_lone_surrogates,
)

# Bytes read at a time. Each block makes a new window string, four bytes a character when the text has
# an emoji. With 1 MB blocks, those strings were fresh memory from the system every time: 100,000 page
# faults in the reading child of a 110 MB import, and a tenth of its time. With 128 KB blocks there were a
# quarter as many, and an element cut off by a block's end (parsed again) costs little more.
BLOCK = 1 << 17
# Characters kept ahead of the position before an element is parsed (``_Window.ensure_ahead``).
AHEAD = BLOCK // 2
_SPACE = " \t\r\n"
_BOM = "\ufeff"


class _Window:
    """The part of a file's text not yet taken, with the line its current position is on."""

    def __init__(self, stream: BinaryIO, path: Path, encoding: str) -> None:
        self.stream = stream
        self.path = path
        self.encoding = encoding
        try:
            self.decoder = codecs.getincrementaldecoder(encoding)("strict")
        except LookupError as error:
            raise InputError(f"unknown encoding '{encoding}'", path=path) from error
        self.text = ""
        self.pos = 0
        self.line = 1  # the line of ``pos``
        # Where the next line break at or after ``pos`` is in ``text`` (-1: none in the window). Moving
        # the position counts the breaks passed; Label Studio's one-line exports have none to count.
        self.newline = -1
        self.eof = False
        self.started = False

    def extend(self, at_least: int = BLOCK) -> bool:
        """Read at least ``at_least`` more bytes (fewer at the end); False when the file had no more."""
        if self.eof:
            return False
        raw = self.stream.read(max(at_least, BLOCK))
        final = not raw
        try:
            more = self.decoder.decode(raw, final=final)
        except UnicodeDecodeError as error:
            first_line = self.line + self.text.count("\n", self.pos)
            # The decoder's bytes: the end of the last block it kept back, and this block.
            undecoded = bytes(error.object)
            raise bad_bytes(undecoded, self.path, self.encoding, error, first_line=first_line) from error
        if not self.started and more:
            self.started = True
            more = more.removeprefix(_BOM)
        self.eof = final
        if self.pos > len(self.text) // 2:  # cut what was taken when it is most of the window: each
            self.text = self.text[self.pos :]  # character is copied a bounded number of times
            if self.newline >= 0:
                self.newline -= self.pos
            self.pos = 0
        if self.newline < 0:
            found = more.find("\n")
            self.newline = found + len(self.text) if found >= 0 else -1
        self.text += more
        return True

    def ensure_ahead(self) -> None:
        """Have at least a block's worth of text after the position, unless the file ends first: an
        element cut off by the window's end is parsed in vain and its error costs a scan of the window."""
        if not self.eof and len(self.text) - self.pos < AHEAD:
            self.extend()

    def skip_space(self) -> None:
        while True:
            text, index = self.text, self.pos
            while index < len(text) and text[index] in _SPACE:
                index += 1
            self.advance(index)
            if index < len(text) or not self.extend():
                return

    def peek(self) -> str:
        """The character at the position ('' at the end of the file), spaces skipped."""
        self.skip_space()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def advance(self, index: int) -> None:
        if 0 <= self.newline < index:
            self.line += self.text.count("\n", self.newline, index)
            self.newline = self.text.find("\n", index)
        self.pos = index

    def syntax_error(self, error: json.JSONDecodeError) -> InputError:
        line = self.line + self.text.count("\n", self.pos, error.pos)
        column = error.pos - (self.text.rfind("\n", 0, error.pos) + 1) + 1
        return InputError(f"is not valid JSON ({error.msg} at column {column})", path=self.path, line=line)


def iter_json_records(path: Path, encoding: str) -> Iterator[tuple[int, Any | Rejection]]:
    """The elements of a JSON array file (or the one value it holds), each with the line it starts on.

    A syntax error makes the rest of the file unreadable (there is no record boundary to resume from) and
    raises InputError; a duplicate key, NaN or overlong integer inside one element rejects only that
    element. Elements are yielded as they are read: a caller that must have all or nothing collects them.
    """
    require_regular_file(path)
    try:
        with path.open("rb") as stream:
            window = _Window(stream, path, encoding)
            yield from _records(window)
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path=path) from error


def read_json_records(path: Path, encoding: str) -> list[tuple[int, Any | Rejection]]:
    """All the records of ``iter_json_records`` at once."""
    return list(iter_json_records(path, encoding))


def _records(window: _Window) -> Iterator[tuple[int, Any | Rejection]]:
    first = window.peek()
    if first == "":
        raise InputError("is empty: expected a JSON list of tasks", path=window.path)
    if first != "[":
        yield window.line, _element(window, whole_file=True)
        if window.peek() != "":
            raise InputError("is not valid JSON (extra data after the value)", path=window.path)
        return
    window.advance(window.pos + 1)
    if window.peek() == "]":
        window.advance(window.pos + 1)
    else:
        while True:
            line = window.line
            yield line, _element(window)
            following = window.peek()
            if following == ",":
                window.advance(window.pos + 1)
                window.skip_space()
                continue
            if following == "]":
                window.advance(window.pos + 1)
                break
            raise InputError(
                "is not valid JSON (expected ',' or ']' between records)", path=window.path, line=line
            )
    if window.peek() != "":
        raise InputError("is not valid JSON (extra data after the list)", path=window.path)


def _element(window: _Window, *, whole_file: bool = False) -> Any | Rejection:
    """Parse the element at the window's position and move past it."""
    line = window.line
    window.ensure_ahead()
    while True:
        text, start = window.text, window.pos
        try:
            value, end = DECODER.raw_decode(text, start)
        except RecursionError:
            raise InputError(
                "nests lists or objects too deeply to be a record", path=window.path, line=line
            ) from None
        except JsonProblem as problem:
            if problem.syntax and whole_file:
                raise InputError(problem.message, path=window.path) from problem
            return _skip_rejected(window, Rejection(window.path, line, problem.message, problem.field))
        except json.JSONDecodeError as error:
            # Cut off by the window's end, or broken: only the whole rest of the file tells which.
            if window.extend(len(window.text) - window.pos):
                continue
            raise window.syntax_error(error) from error
        if end == len(text) and not window.eof and window.extend():
            continue  # a number may go on past the window's end ("12" of "125")
        try:
            if SURROGATE_ESCAPE.search(text, start, end):
                reject_lone_surrogates(value, None)
        except JsonProblem as problem:
            window.advance(end)
            return Rejection(window.path, line, problem.message, problem.field)
        window.advance(end)
        return value


def _skip_rejected(window: _Window, rejection: Rejection) -> Rejection:
    """Move past an element refused for its content, so that later records are still read; an element
    that is not even lenient JSON ends the reading with its syntax error."""
    while True:
        try:
            _, end = LENIENT.raw_decode(window.text, window.pos)
        except json.JSONDecodeError as error:
            if window.extend(len(window.text) - window.pos):
                continue
            raise window.syntax_error(error) from error
        if end == len(window.text) and not window.eof and window.extend():
            continue
        window.advance(end)
        return rejection
