"""Real clients for tests: LibreOffice (Word -> PDF) and poppler (PDF -> text).

Locally a missing program skips the test with the command that installs it; in CI
(``SECMOD_REQUIRE_CLIENTS=1``, set by .ci/run) it fails instead, so a real-client test never
passes by not running.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

__all__ = [
    "docx_to_pdf",
    "libreoffice_convert",
    "pdf_info",
    "pdf_pages",
    "pdf_text",
    "pdftotext",
    "require",
]


def require(binary: str, package: str) -> str:
    """The path of ``binary``; skip (locally) or fail (in CI) when it is not installed."""
    found = shutil.which(binary)
    if found:
        return found
    message = f"{binary} is not installed: apt-get install -y {package}"
    if os.environ.get("SECMOD_REQUIRE_CLIENTS"):
        pytest.fail(message)
    pytest.skip(message)


def libreoffice_convert(sources: Sequence[Path], fmt: str, outdir: Path) -> list[Path]:
    """Convert ``sources`` to ``fmt`` with headless LibreOffice, in a private profile."""
    soffice = require("soffice", "libreoffice-writer-nogui")
    profile = outdir / "lo-profile"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = [outdir / f"{source.stem}.{fmt}" for source in sources]
    for source, target in zip(sources, converted, strict=True):
        assert target.is_file(), (
            f"LibreOffice did not convert {source.name}: {result.stdout}{result.stderr}"
        )
    return converted


def docx_to_pdf(docx: Path, outdir: Path) -> Path:
    """Convert ``docx`` to PDF with headless LibreOffice."""
    return libreoffice_convert([docx], "pdf", outdir)[0]


def pdftotext(pdf: Path, *options: str) -> str:
    """The PDF's text as ``pdftotext`` prints it with ``options`` (e.g. ``-layout``)."""
    binary = require("pdftotext", "poppler-utils")
    return subprocess.run(
        [binary, *options, str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def pdf_text(pdf: Path) -> str:
    """The PDF's text with runs of whitespace collapsed to one space."""
    return re.sub(r"\s+", " ", pdftotext(pdf))


def pdf_info(pdf: Path) -> str:
    """What ``pdfinfo`` says of ``pdf``."""
    binary = require("pdfinfo", "poppler-utils")
    return subprocess.run(
        [binary, str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def pdf_pages(pdf: Path) -> int:
    """The number of pages of ``pdf``."""
    info = pdf_info(pdf)
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert match, info
    return int(match.group(1))
