"""The exceptions of zones_blanches: every input error names the file, the row and the field."""

from __future__ import annotations

import re
from typing import Optional

__all__ = [
    "ZonesBlanchesError",
    "InputError",
    "ReadError",
    "SettingError",
    "WriteError",
]


class ZonesBlanchesError(Exception):
    """Any error of the engine. ``str(error)`` is the message the command line prints."""

    def __init__(self, message: str, file: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        #: The file concerned (an input, or an output for WriteError), or None.
        self.file = file


class InputError(ZonesBlanchesError, ValueError):
    """An input file was read but its content is wrong.

    ``file`` is the file (for bytes or a DataFrame given in place of a file: the name it was
    given, such as ``cpts (DataFrame).csv``), ``location`` the place in it as the engine names it
    (``row 12, field `stage```, ``feature 3``, ``header``), ``row`` and ``field`` read from it
    (rows are numbered as in a spreadsheet: the header is row 1), ``reason`` what is wrong.
    """

    def __init__(self, message: str, file: Optional[str], location: str, reason: str) -> None:
        super().__init__(message, file)
        self.location = location
        self.reason = reason
        # The row of the location, else the first row an error about several rows names.
        row = re.search(r"\brow (\d+)", location) or re.search(r"\bfirst row (\d+)", reason)
        #: The row (spreadsheet numbering; the first one concerned), or None.
        self.row: Optional[int] = int(row.group(1)) if row else None
        field = re.search(r"field `([^`]+)`", location) or re.search(r"field `([^`]+)`", reason)
        #: The field (column or property), or None.
        self.field: Optional[str] = field.group(1) if field else None
        feature = re.search(r"\bfeature (\d+)", location)
        #: The feature of a layer, or None.
        self.feature: Optional[int] = int(feature.group(1)) if feature else None


class ReadError(ZonesBlanchesError, OSError):
    """An input file could not be opened or read (missing, unreadable)."""


class SettingError(ZonesBlanchesError, ValueError):
    """Options that contradict each other, a bad option value, or a name that does not exist."""


class WriteError(ZonesBlanchesError, OSError):
    """An output could not be written (or would have overwritten an input)."""


def from_engine(
    kind: str,
    message: str,
    file: Optional[str],
    location: Optional[str],
    reason: str,
) -> ZonesBlanchesError:
    """The exception for an error of the engine (called by the extension)."""
    if kind == "input":
        return InputError(message, file, location or "", reason)
    if kind == "read":
        return ReadError(message, file)
    if kind == "write":
        return WriteError(message, file)
    return SettingError(message)
