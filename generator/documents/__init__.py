"""The documents secmod builds for each modification, one module per document.

:mod:`generator.documents.base` holds what a builder receives and returns; each other module
is one document's builder, imported by :mod:`generator.build`.
"""

__all__: list[str] = []
