"""Names from the units' shared drive never reach a terminal raw (issue 16 §1), and no CSV cell can
become a formula in Excel (§8)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from evidence_helpers import invoke, put
from helpers import write_workspace

CLEAR = "\x1b[2J"
TITLE = "\x1b]0;改标题\x07"  # sets the terminal's title (a name cannot hold "/", so no OSC 8 link here)
FORGED = "\n错误：伪造的一行 (fake)\n"
INDICATORS = """\
campaign:
  name: 测试区法治政府建设示范创建
  district: 测试区
  year: 2022
  coordinating_office: 区委依法治区办
indicators:
  - id: 一
    name: 政府职能依法全面履行
    sections:
      - number: 1
        name: 加大简政放权力度
        tasks:
          - id: '1'
            text: '=HYPERLINK("http://evil.example","点我")依法实施行政许可。'
            lead_units: [区司法局]
            deadline: 7月30日前
            due: 2022-07-30
            materials_cell: 提供情况说明。
            materials:
              - {id: '1.1', text: 提供情况说明}
          - id: '2'
            text: "公开\\e]0;改标题\\a权责清单。"
            lead_units: [区司法局]
            deadline: 6月30日前
            due: 2022-06-30
            materials_cell: 提供权责清单。
            materials:
              - {id: '2.1', text: 提供权责清单}
"""
UNITS = """\
units:
  - {name: 区委依法治区办, type: 党委部门}
  - {name: 区司法局, aliases: [司法局], type: 政府部门}
"""
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # everything but the line ends the output itself makes


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = write_workspace(tmp_path_factory.mktemp("hostile") / "ws", INDICATORS, UNITS)
    put(ws, f"001/区司法局/{CLEAR}情况说明.docx")
    put(ws, f"001/区司法局/{TITLE}.pdf")
    put(ws, f"001/区司法局/9-多余{FORGED}.pdf")  # no item 9: a problem whose name holds a forged line
    put(ws, "001/区司法局/\r覆盖.pdf")
    put(ws, f"杂{CLEAR}项/说明.pdf")
    return ws


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("validate", "--format", "text"),
        ("show", "1", "--as-of", "2022-06-15"),
        ("show", "2", "--as-of", "2022-06-15"),
        ("status", "--as-of", "2022-06-15"),
        ("status", "--unit", "司法局", "--as-of", "2022-06-15"),
    ],
    ids=" ".join,
)
def test_no_control_character_reaches_the_terminal(root: Path, args: tuple[str, ...]) -> None:
    result = invoke(*args, "--root", str(root))
    assert "Traceback" not in result.output
    assert not RAW.search(result.stdout), repr(result.stdout)
    assert not RAW.search(result.stderr), repr(result.stderr)


def test_a_name_cannot_forge_a_problem_line(root: Path) -> None:
    lines = invoke("validate", "--root", str(root)).stdout.splitlines()
    assert all(line.startswith("evidence/") for line in lines)
    [line] = [line for line in lines if "伪造" in line]
    assert "9-多余\\n错误：伪造的一行 (fake)\\n.pdf" in line


def test_escapes_show_what_the_name_holds(root: Path) -> None:
    shown = invoke("show", "1", "--root", str(root), "--as-of", "2022-06-15").stdout
    assert "\\x1b[2J情况说明.docx" in shown
    assert "\\x1b]0;改标题\\x07.pdf" in shown
    table = invoke("status", "--root", str(root), "--as-of", "2022-06-15").stdout
    assert "公开\\x1b]0" in table  # the short text ends at the first “;”


def test_json_keeps_the_names_exactly(root: Path) -> None:
    """Programs get the real name (JSON escapes it), so they can open the file."""
    import json

    data = json.loads(
        invoke("status", "--format", "json", "--root", str(root), "--as-of", "2022-06-15").stdout
    )
    files = {f for t in data["tasks"] for m in t["materials"] for p in m["providers"] for f in p["files"]}
    assert any(CLEAR in f for f in files)


def test_a_csv_cell_never_becomes_a_formula(root: Path) -> None:
    result = invoke("status", "--format", "csv", "--root", str(root), "--as-of", "2022-08-01")
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    task1 = next(row for row in rows if row[0] == "1")
    assert task1[3] == '\'=HYPERLINK("http://evil.example","点我")依法实施行政许可。'
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for row in rows for cell in row)
    assert [row[-2] for row in rows[1:]] == ["-2", "-32"]  # days left are numbers, not texts
