"""What the command line prints: data made harmless for a terminal, and output closed early.

Names, titles and notes come from files; printed raw, an escape sequence in a label could recolour the
terminal, move the cursor or set the window title, and a bidirectional override could reorder what the
line seems to say. Everything written to stdout and stderr passes through ``TerminalSafe``, which shows
such characters as ``\\u001b``-style escapes (still valid inside a JSON string).
"""

from __future__ import annotations

import re
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
