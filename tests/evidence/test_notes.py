"""A 不涉及 note waives only with a readable reason: not when empty after NULs and white space go, not
when it is not text."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_helpers import make_workspace, problem_pairs, put, status_json, tasks_by_id
from fzcj.evidence.notes import waiver_reason

W30 = "030 后评估/区司法局/不涉及.txt"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t", "\x00" * 100, "\x00 \x00\n\x00", "\x01\x02\x03\x04", "理由\x07\x08", "\ufffd\ufffd"],
    ids=["empty", "blank", "nuls", "nuls-and-blanks", "controls", "text-with-controls", "undecodable"],
)
def test_no_reason_is_read_from_what_is_empty_or_not_text(text: str) -> None:
    assert waiver_reason(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("本单位未制定规范性文件。\n", "本单位未制定规范性文件。"),
        ("\x00理由\x00", "理由"),
        ("第一行\r\n\t第二行", "第一行\r\n\t第二行"),
    ],
)
def test_a_reason_is_the_text_without_nuls_and_outer_blanks(text: str, reason: str) -> None:
    assert waiver_reason(text) == reason


@pytest.mark.parametrize(
    "content",
    [b"\x00" * 200_000, b" \x00\r\n\x00\t" * 1000, PNG, bytes(range(256)) * 4],
    ids=["aborted-copy-of-nuls", "nuls-and-blanks", "png-renamed", "binary"],
)
def test_a_note_that_is_empty_or_not_text_waives_nothing(tmp_path: Path, content: bytes) -> None:
    ws = make_workspace(tmp_path / "ws")
    put(ws, W30, content)
    report = status_json(ws, "2022-06-01")
    assert tasks_by_id(report)["30"]["status"] == "not_started"
    (problem,) = [p for p in report["problems"] if p["path"] == f"evidence/{W30}"]
    assert (problem["code"], problem["severity"]) == ("empty-waiver", "error")
    assert problem["message"].startswith("不涉及说明为空或不是文字，未计入")


def test_a_note_in_utf16_or_gbk_waives(tmp_path: Path) -> None:
    """Notepad's UTF-16 (whose bytes are half NULs) and GBK are text."""
    ws = make_workspace(tmp_path / "ws")
    put(ws, W30, "本单位未制定规范性文件。".encode("utf-16"))
    put(ws, "015 企业补偿/区财政局/不涉及.txt", "未发生补偿情形。".encode("gbk"))
    report = status_json(ws, "2022-06-01")
    assert tasks_by_id(report)["30"]["status"] == "waived"
    assert not {code for _, code in problem_pairs(report)} & {"empty-waiver"}
