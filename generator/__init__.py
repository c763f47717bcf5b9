"""secmod: the documents of a Smart Energy Code modification, from one structured description."""

__all__ = ["__version__"]

__version__ = "0.1.0"
