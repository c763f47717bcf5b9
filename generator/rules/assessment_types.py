"""The kinds of User Security Assessment and of DCC User (SEC Section G8)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Assessment", "Role"]


class Assessment(StrEnum):
    """The User Security Assessment a User schedules in a year (SEC Section G8.14 to G8.47)."""

    FULL = "full"
    VERIFICATION = "verification"
    SELF = "self"
    #: The Code says nothing: the gap SECMP0059 closes for Suppliers with Non-Domestic Premises.
    UNSPECIFIED = "unspecified"

    @property
    def label(self) -> str:
        """The name used in prose, e.g. "Full User Security Assessment"."""
        return _LABELS[self]

    @property
    def short(self) -> str:
        """The short name used in tables, e.g. "Full"."""
        return _SHORT[self]

    @property
    def weight(self) -> int | None:
        """How much assurance it gives: Full 3, Verification 2, Self 1; unspecified has none."""
        return _WEIGHT[self]


_LABELS = {
    Assessment.FULL: "Full User Security Assessment",
    Assessment.VERIFICATION: "Verification User Security Assessment",
    Assessment.SELF: "User Security Self-Assessment",
    Assessment.UNSPECIFIED: "not specified by the Code",
}
_SHORT = {
    Assessment.FULL: "Full",
    Assessment.VERIFICATION: "Verification",
    Assessment.SELF: "Self-Assessment",
    Assessment.UNSPECIFIED: "Unspecified",
}
_WEIGHT = {
    Assessment.FULL: 3,
    Assessment.VERIFICATION: 2,
    Assessment.SELF: 1,
    Assessment.UNSPECIFIED: None,
}


class Role(StrEnum):
    """The User role whose assessment cycle the Code sets."""

    SUPPLIER = "supplier"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The name used in prose."""
        return "Supplier Party" if self is Role.SUPPLIER else "Other User"
