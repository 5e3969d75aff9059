"""Cell text that spreadsheets cannot run as formulas.

Spreadsheet programs execute a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and tab or carriage return, which some of them skip first): a participant called
``=HYPERLINK("http://evil", "click")`` would become a live link.  Writers prefix such
text with an apostrophe, which spreadsheets show as text (OWASP, "CSV Injection");
readers remove that apostrophe again, so tables round-trip unchanged.
"""

from __future__ import annotations

__all__ = ["neutralise", "restore"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix ``text`` with ``'`` if a spreadsheet would treat it as a formula.

    >>> neutralise('=HYPERLINK("x")'), neutralise("PT Maju")
    ('\\'=HYPERLINK("x")', 'PT Maju')
    """
    # a leading apostrophe is escaped too, so that restore() is an exact inverse
    return "'" + text if text.startswith((*_TRIGGERS, "'")) else text


def restore(text: str) -> str:
    """Undo :func:`neutralise`.

    >>> restore(neutralise("=1+1")), restore(neutralise("'quoted")), restore("plain")
    ('=1+1', "'quoted", 'plain')
    """
    if text.startswith("'") and text[1:].startswith((*_TRIGGERS, "'")):
        return text[1:]
    return text
