"""What the command line prints: data made harmless for a terminal, and output closed early.

Names, titles and notes come from files; printed raw, an escape sequence in a label could recolour the
terminal, move the cursor or set the window title, and a bidirectional override could reorder what the
line seems to say. Everything written to stdout and stderr passes through ``TerminalSafe``, which shows
such characters as ``\\u001b``-style escapes (still valid inside a JSON string).
"""

from __future__ import annotations

import re
import sys
from typing import IO, Any

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional and zero-width formatting
# characters that change how a line reads.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def terminal_safe(text: str) -> str:
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class TerminalSafe:
    """A text stream that writes to ``stream`` with unsafe characters escaped."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class PercentLine:
    """Progress as one terminal line rewritten in place ("indexing… 42%"); nothing when stderr is a file.

    The carriage return that rewrites the line is written past ``TerminalSafe``, which would show it as an
    escape; the text itself is still made safe.
    """

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if percent == self.shown or not sys.stderr.isatty():
            return
        self.shown = percent
        stream = sys.stderr._stream if isinstance(sys.stderr, TerminalSafe) else sys.stderr
        stream.write(f"\r{terminal_safe(self._prefix)}{percent}%")
        stream.flush()

    def finish(self) -> None:
        """End the progress line, if one was shown."""
        if self.shown >= 0:
            print(file=sys.stderr)
