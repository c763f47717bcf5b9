"""The documents secmod builds for each modification, one module per document."""

from generator.documents.base import BuildInput, Output

__all__ = ["BuildInput", "Output"]
