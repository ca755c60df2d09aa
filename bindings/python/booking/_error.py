"""booking.Error, defined in Python so it has a constructor, a repr and pickling; booking._core
raises this same class for every booking::error (module.cpp imports it)."""
from __future__ import annotations

from typing import Any


class Error(ValueError):
    """Invalid input to the booking engine.

    ``code`` is a stable machine-readable code (docs/format.md, "Errors"), ``pointer`` an RFC 6901
    JSON Pointer to the offending field ("" for the whole document), ``message`` (also ``str(e)``) a
    sentence for a clinic administrator that names the document, the field and the value.
    ``document`` is the document it is in ("clinic", "bookings", "request", "draft", ...; "" when not
    known) and, when the text is not valid JSON, ``line`` and ``column`` (in characters, from 1) say
    where the parser stopped (0 otherwise).
    """

    __module__ = "booking"

    code: str
    pointer: str
    document: str
    line: int
    column: int

    def __init__(self, message: str = "", code: str = "error", pointer: str = "", document: str = "",
                 line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.pointer = pointer
        self.document = document
        self.line = line
        self.column = column

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __repr__(self) -> str:
        where = f", document={self.document!r}" if self.document else ""
        if self.line:
            where += f", line={self.line}, column={self.column}"
        return f"booking.Error(code={self.code!r}, pointer={self.pointer!r}{where}, message={self.message!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.code, self.pointer, self.document, self.line, self.column))
