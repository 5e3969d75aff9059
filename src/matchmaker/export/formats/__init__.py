"""Extra export formats, one module each: a module here that declares ``EXPORT_FORMAT``
(an :class:`~matchmaker.export.registry.ExportFormat`) is registered when
:mod:`matchmaker.export` is imported, and :func:`~matchmaker.export.export_all` can write it.

See "Where to add an export format" in ``docs/architecture.md``.
"""
