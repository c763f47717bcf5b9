"""The documents secmod builds for each modification, one module per document.

:mod:`generator.documents.plans` says what each document makes, from the folder listing alone;
:mod:`generator.documents.base` holds what a builder receives and returns. This package imports
neither, so that the plans can be read without loading the model.
"""

__all__: list[str] = []
