"""Cell text that spreadsheets cannot run as formulas.

Spreadsheet programs execute a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and tab or carriage return, which some of them skip first): a participant called
``=HYPERLINK("http://evil", "click")`` would become a live link.  Writers prefix such
text with an apostrophe, which spreadsheets show as text (OWASP, "CSV Injection");
readers remove that apostrophe again, so tables round-trip unchanged.
"""

from __future__ import annotations

import re

from matchmaker._files import LONE_SURROGATE

__all__ = ["any_neutralised", "ics_text", "neutralise", "restore", "xlsx_text"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: What a text starts with when :func:`neutralise` changes it (a leading apostrophe too).
_CHANGED = (*_TRIGGERS, "'")
_CHANGED_AFTER_NUL = tuple("\x00" + c for c in _CHANGED)


def neutralise(text: str) -> str:
    """Prefix ``text`` with ``'`` if a spreadsheet would treat it as a formula.

    >>> neutralise('=HYPERLINK("x")'), neutralise("PT Maju")
    ('\\'=HYPERLINK("x")', 'PT Maju')
    """
    # a leading apostrophe is escaped too, so that restore() is an exact inverse
    return "'" + text if text.startswith(_CHANGED) else text


def any_neutralised(joined: str) -> bool:
    """Whether :func:`neutralise` would change any of the texts ``"\\x00".join(texts)``.

    One substring search per trigger over the whole list, at memory speed, so that the
    writers neutralise nothing when (as usual) no cell needs it.  A text holding a NUL can
    only make the answer a cautious True.

    >>> any_neutralised("\\x00".join(["PT Maju", "CV Jaya"])), any_neutralised("\\x00".join(["a", "=1"]))
    (False, True)
    """
    return joined.startswith(_CHANGED) or any(x in joined for x in _CHANGED_AFTER_NUL)


def restore(text: str) -> str:
    """Undo :func:`neutralise`.

    >>> restore(neutralise("=1+1")), restore(neutralise("'quoted")), restore("plain")
    ('=1+1', "'quoted", 'plain')
    """
    if text.startswith("'") and text[1:].startswith(_CHANGED):
        return text[1:]
    return text


# XML 1.0 (so XLSX) cannot hold C0 control characters other than tab, LF and CR, nor
# U+FFFE/U+FFFF; openpyxl refuses them.  They are written as U+FFFD (the replacement
# character) so that the rest of the cell survives and the reader sees that something
# was there.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xlsx_text(text: str) -> str:
    """What an XLSX cell holds of ``text``: line ends as ``\\n``, and control characters
    XML cannot hold replaced by U+FFFD.

    Half of a character (a lone surrogate, possible in a string built in Python) raises
    the ``UnicodeEncodeError`` every other writer's UTF-8 encoding raises, which the
    writers turn into an error naming the participant: openpyxl would write it as a
    character reference that no spreadsheet can open.

    >>> xlsx_text("PT\\r\\nMaju\\x00")
    'PT\\nMaju\\ufffd'
    >>> xlsx_text("PT\\ud800")
    Traceback (most recent call last):
    ...
    UnicodeEncodeError: 'utf-8' codec can't encode character '\\ud800' in position 2: surrogates not allowed
    """
    half = LONE_SURROGATE.search(text)
    if half is not None:
        raise UnicodeEncodeError("utf-8", text, half.start(), half.end(), "surrogates not allowed")
    return _NOT_IN_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def ics_text(text: str) -> str:
    """What an iCalendar text value holds of ``text``: line ends as ``\\n`` (RFC 5545 has
    one escaped line break, ``\\n``, so a bare carriage return reads back as a line feed),
    and no other control character than tab (RFC 5545 does not allow them in text; the
    writer, :mod:`matchmaker.export.ics`, drops them).

    >>> ics_text("PT\\r\\nMaju\\rJaya\\x00")
    'PT\\nMaju\\nJaya'
    """
    return _NOT_IN_ICS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


_NOT_IN_ICS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
