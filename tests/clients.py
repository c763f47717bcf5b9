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
from pathlib import Path

import pytest

__all__ = ["docx_to_pdf", "pdf_pages", "pdf_text", "require"]


def require(binary: str, package: str) -> str:
    """The path of ``binary``; skip (locally) or fail (in CI) when it is not installed."""
    found = shutil.which(binary)
    if found:
        return found
    message = f"{binary} is not installed: apt-get install -y {package}"
    if os.environ.get("SECMOD_REQUIRE_CLIENTS"):
        pytest.fail(message)
    pytest.skip(message)


def docx_to_pdf(docx: Path, outdir: Path) -> Path:
    """Convert ``docx`` to PDF with headless LibreOffice, in a private profile."""
    soffice = require("soffice", "libreoffice-writer-nogui")
    profile = outdir / "lo-profile"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = outdir / (docx.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice did not convert {docx.name}: {result.stdout}{result.stderr}"
    return pdf


def pdf_text(pdf: Path) -> str:
    """The PDF's text with runs of whitespace collapsed to one space."""
    require("pdftotext", "poppler-utils")
    out = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return re.sub(r"\s+", " ", out)


def pdf_pages(pdf: Path) -> int:
    """The number of pages of ``pdf``."""
    require("pdfinfo", "poppler-utils")
    info = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert match, info
    return int(match.group(1))
