"""The 台账 and the 目录 as LibreOffice lays them out (slow: needs soffice)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from fzcj import api
from package_helpers import build_tree

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
]
REPO = Path(__file__).resolve().parents[2]


def _pdf(path: Path, workdir: Path) -> bytes:
    profile = workdir / "lo-profile"
    outdir = workdir / path.suffix.lstrip(".")
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
         "--outdir", str(outdir), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return (outdir / path.with_suffix(".pdf").name).read_bytes()


def _page_sizes(pdf: bytes) -> set[tuple[int, int]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return {(round(float(w)), round(float(h))) for w, h in boxes}


def test_ledger_prints_on_a4_landscape(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(REPO / "examples" / "沙坡头区示例", root)
    result = api.export(root, dt.date(2022, 6, 15), output=tmp_path / "台账.xlsx")
    pdf = _pdf(result.path, tmp_path)
    assert _page_sizes(pdf) == {(842, 595)}
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) > 3


def test_catalogue_prints_on_a4_portrait(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "ws")
    api.package(root, tmp_path / "pack", dt.date(2022, 6, 15))
    assert _page_sizes(_pdf(tmp_path / "pack" / "目录.docx", tmp_path)) == {(595, 842)}
    assert _page_sizes(_pdf(tmp_path / "pack" / "目录.xlsx", tmp_path)) == {(842, 595)}
