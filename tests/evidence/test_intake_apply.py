"""``fzcj intake --apply``: storing without ever replacing, re-runs that change nothing, the intake record, and
refusals that write nothing. Every intake runs through :func:`guarded_intake` (evidence/ checked before and
after: unchanged, plus exactly the files the result says it stored)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import stat
import zipfile
from pathlib import Path

import pytest

from archive_corpus import Member, make_zip
from evidence_helpers import put
from fzcj.data.workspace import load
from fzcj.errors import ProblemsFound
from fzcj.evidence import intake_apply
from fzcj.evidence.intake_record import received_dates
from fzcj.evidence.scaffold import folder_title
from fzcj.evidence.walk import scan
from intake_helpers import checksums, guarded_intake, intake_workspace, write_zip

FOLDER = "027 合法性审核/区司法局"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return intake_workspace(tmp_path / "ws")


def outcomes(result: object) -> list[tuple[str, str, str | None]]:
    return [(i.source, i.outcome.value, i.destination) for i in result.items]  # type: ignore[attr-defined]


def intake_files(ws: Path) -> list[str]:
    return sorted(os.listdir(ws / "intake")) if (ws / "intake").exists() else []


def test_apply_stores_and_a_second_run_changes_nothing(ws: Path) -> None:
    source = write_zip(ws.parent, "区司法局.zip", "027/1-说明.pdf", "027/2-审查意见/一.pdf")
    first = guarded_intake(ws, source, apply=True)
    assert [o for _, o, _ in outcomes(first)] == ["new", "new"]
    assert first.record is not None and first.record.as_posix() == "intake/2022-06-15 区司法局 收件记录.txt"
    before, records = checksums(ws), intake_files(ws)
    second = guarded_intake(ws, source, apply=True)
    assert [o for _, o, _ in outcomes(second)] == ["received", "received"]
    assert second.record is None
    assert checksums(ws) == before and intake_files(ws) == records


def test_a_different_file_under_a_taken_name_is_stored_beside_it(ws: Path) -> None:
    put(ws, f"{FOLDER}/1-说明.pdf", "第一版")
    second = write_zip(ws.parent, "区司法局.zip", Member("027/1-说明.pdf", data="第二版".encode()))
    assert outcomes(guarded_intake(ws, second, apply=True)) == [
        ("027/1-说明.pdf", "updated", f"{FOLDER}/1-说明（2）.pdf")
    ]
    third = write_zip(ws.parent, "区司法局（三）.zip", Member("027/1-说明.pdf", data="第三版".encode()))
    assert outcomes(guarded_intake(ws, third, apply=True))[0][2] == f"{FOLDER}/1-说明（3）.pdf"
    # the second version again: it is already there, as （2）
    assert outcomes(guarded_intake(ws, second, apply=True)) == [
        ("027/1-说明.pdf", "received", f"{FOLDER}/1-说明（2）.pdf")
    ]
    assert (ws / "evidence" / FOLDER / "1-说明.pdf").read_text("utf-8") == "第一版"


def test_a_preview_says_what_apply_will_do(ws: Path) -> None:
    put(ws, f"{FOLDER}/1-说明.pdf", "已有")
    source = write_zip(
        ws.parent,
        "区司法局.zip",
        Member("027/1-说明.pdf", data="已有".encode()),
        "027/2-意见.pdf",
        "030/评估.docx",
    )
    put(ws, "030/司法局/评估.docx", "不同的")
    preview = [(s, o, d) for s, o, d in outcomes(guarded_intake(ws, source))]
    assert preview == outcomes(guarded_intake(ws, source, apply=True))
    assert [o for _, o, _ in preview] == ["new", "updated", "received"]


def test_two_files_for_one_place_in_the_same_zip(ws: Path) -> None:
    same = make_zip("x")  # any bytes
    members = [
        Member("027/1-说明.pdf", data=same),
        Member("027 合法性审核/1-说明.pdf", data=same),
        Member("27.1-说明.pdf", data=b"other"),
    ]
    source = write_zip(ws.parent, "区司法局.zip", *members)
    found = outcomes(guarded_intake(ws, source, apply=True))
    assert sorted(o for _, o, _ in found) == ["new", "new", "received"]
    assert {d for _, _, d in found} == {f"{FOLDER}/1-说明.pdf", f"{FOLDER}/27.1-说明.pdf"}


def test_the_record_names_the_source_each_file_its_hash_and_destination_and_what_was_skipped(
    ws: Path,
) -> None:
    data = b"%PDF-1.4\n%%EOF\n"
    source = write_zip(
        ws.parent, "区司法局.zip", Member("027/1-说明.pdf", data=data), "说明.pdf", "Thumbs.db"
    )
    result = guarded_intake(ws, source, apply=True)
    assert result.record is not None
    raw = (ws / result.record).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    text = raw.decode("utf-8-sig")
    assert f"来源：区司法局.zip\r\n来源 SHA-256：{hashlib.sha256(source.read_bytes()).hexdigest()}" in text
    digest = hashlib.sha256(data).hexdigest()
    assert f"新收到\t{digest}\tevidence/{FOLDER}/1-说明.pdf\t027/1-说明.pdf\t材料 27.1" in text
    assert "未收取\t说明.pdf\t不在任务文件夹中" in text
    assert "已忽略\tThumbs.db\tWindows 缩略图缓存文件" in text
    assert received_dates(load(ws)) == {f"{FOLDER}/1-说明.pdf": dt.date(2022, 6, 15)}


def test_what_intake_files_is_what_the_walk_counts_on_disk(ws: Path) -> None:
    members = [
        "027 规范性文件/（2）审查意见.pdf",
        "27.2-意见三.pdf",
        "030 后评估/评估报告.docx",
        "061/滨河镇/执法公示.pdf",
        Member("015/1-不涉及.txt", data="没有此类事项".encode()),
    ]
    result = guarded_intake(ws, write_zip(ws.parent, "区司法局.zip", *members), apply=True)
    index = scan(load(ws))
    counted = {path: key for key, paths in index.files.items() for path in paths}
    counted |= {waiver.path: key for key, waiver in index.waivers.items()}
    for item in result.items:
        assert item.destination is not None
        assert counted[item.destination] == (item.task, item.unit, item.item), item.source


def test_a_file_where_an_item_folder_belongs_is_left_alone(ws: Path) -> None:
    put(ws, f"{FOLDER}/2-审查意见", "一个文件，不是文件夹")
    result = guarded_intake(ws, write_zip(ws.parent, "区司法局.zip", "027/2-审查意见/一.pdf"), apply=True)
    assert [(i.outcome.value, i.reason) for i in result.items] == [
        (
            "unplaced",
            f"存放位置“evidence/{FOLDER}/2-审查意见”应是文件夹，现在却是一个文件，未收取：请先改名或移走它",
        )
    ]


def test_a_workspace_without_evidence_gets_it(tmp_path: Path) -> None:
    from evidence_helpers import make_workspace

    root = make_workspace(tmp_path / "new", evidence=False)
    result = guarded_intake(root, write_zip(tmp_path, "区司法局.zip", "030/说明.pdf"), apply=True)
    title = folder_title(load(root).plan.find("30"))  # type: ignore[arg-type]
    assert [(i.outcome.value, i.destination) for i in result.items] == [("new", f"{title}/区司法局/说明.pdf")]


def test_a_folder_can_be_taken_in_too(ws: Path, tmp_path: Path) -> None:
    sent = tmp_path / "滨河镇报送材料" / "061 执法公示"
    sent.mkdir(parents=True)
    (sent / "公示.pdf").write_bytes(b"x")
    result = guarded_intake(ws, sent.parent, apply=True)
    assert result.unit == "滨河镇" and result.source_sha256 is None
    assert outcomes(result) == [("061 执法公示/公示.pdf", "new", "061/滨河镇/公示.pdf")]


def test_a_unit_folder_linked_out_of_evidence_is_not_written_through(ws: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (ws / "evidence" / "031").mkdir()
    (ws / "evidence" / "031" / "区司法局").symlink_to(outside)
    result = guarded_intake(ws, write_zip(ws.parent, "区司法局.zip", "031/1.pdf"), apply=True)
    assert [(i.outcome.value, i.reason) for i in result.items] == [
        ("unplaced", "存放位置“evidence/031/区司法局”是指向证据文件夹之外的符号链接，未收取")
    ]
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ([Member(b"../../x.pdf")], "指向压缩包以外的位置"),
        ([Member("a.pdf", mode=stat.S_IFLNK | 0o777)], "是符号链接"),
        ([Member("027/1.pdf", flags=0x1)], "压缩包设置了密码"),
        ([Member("027/zeros.pdf", data=bytes(3 << 20))], "疑似压缩炸弹"),
    ],
    ids=["traversal", "symlink", "encrypted", "bomb"],
)
def test_hostile_archives_are_refused_and_nothing_is_written(
    ws: Path, members: list[Member], message: str
) -> None:
    source = write_zip(ws.parent, "区司法局.zip", "027/1-说明.pdf", *members)
    with pytest.raises(ProblemsFound) as caught:
        guarded_intake(ws, source, apply=True)
    assert caught.value.message.startswith("未收取任何文件：") and message in caught.value.message
    assert intake_files(ws) == []


def test_a_truncated_zip_is_refused(ws: Path) -> None:
    data = make_zip("027/1-说明.pdf", Member("027/2.pdf", data=os.urandom(4000)))
    (ws.parent / "区司法局.zip").write_bytes(data[: len(data) // 2])
    with pytest.raises(ProblemsFound, match="不完整或已损坏"):
        guarded_intake(ws, ws.parent / "区司法局.zip", apply=True)


def test_damage_found_while_copying_leaves_evidence_and_intake_as_they_were(ws: Path) -> None:
    data = bytearray(
        make_zip("027/1-说明.pdf", Member("027/2.pdf", data=b"hello" * 100_000, method=zipfile.ZIP_STORED))
    )
    data[data.index(b"hello") + 7] = ord("j")
    (ws.parent / "区司法局.zip").write_bytes(bytes(data))
    with pytest.raises(ProblemsFound, match="CRC"):
        guarded_intake(ws, ws.parent / "区司法局.zip", apply=True)
    assert not (ws / "evidence" / FOLDER / "1-说明.pdf").exists()
    assert intake_files(ws) == []


def test_a_full_disk_while_staging_leaves_nothing(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = intake_apply.stage_all

    def full(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(intake_apply, "stage_all", full)
    with pytest.raises(OSError):
        guarded_intake(ws, write_zip(ws.parent, "区司法局.zip", "027/1-说明.pdf"), apply=True)
    assert [p for p in (ws / "intake").rglob("*") if p.is_file()] == []


def test_place_never_replaces_a_file(tmp_path: Path) -> None:
    staged, dest = tmp_path / "staged", tmp_path / "dest"
    staged.write_bytes(b"new")
    dest.write_bytes(b"old")
    with pytest.raises(FileExistsError):
        intake_apply._place(staged, dest)
    assert dest.read_bytes() == b"old" and staged.exists()


def test_a_name_taken_between_preview_and_placing_gets_the_next_number(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Somebody drops 1-说明.pdf in while the zip is staged: intake stores beside it instead."""
    real = intake_apply.stage_all

    def racing(*args: object, **kwargs: object) -> object:
        staged = real(*args, **kwargs)  # type: ignore[arg-type]
        put(ws, f"{FOLDER}/1-说明.pdf", "别人刚放进来的")
        return staged

    monkeypatch.setattr(intake_apply, "stage_all", racing)
    source = write_zip(ws.parent, "区司法局.zip", "027/1-说明.pdf")
    result = intake_apply.run_intake(load(ws), source, apply=True, sync=False)
    assert outcomes(result) == [("027/1-说明.pdf", "updated", f"{FOLDER}/1-说明（2）.pdf")]
    assert (ws / "evidence" / FOLDER / "1-说明.pdf").read_text("utf-8") == "别人刚放进来的"


def test_two_intakes_on_one_day_keep_two_records_and_the_dates_of_both(ws: Path) -> None:
    guarded_intake(ws, write_zip(ws.parent, "区司法局.zip", "027/1-说明.pdf"), apply=True)
    guarded_intake(ws, write_zip(ws.parent, "区司法局（补）.zip", "030/评估.docx"), apply=True)
    assert intake_files(ws) == ["2022-06-15 区司法局 收件记录.txt", "2022-06-15 区司法局（2） 收件记录.txt"]
    assert set(received_dates(load(ws))) == {f"{FOLDER}/1-说明.pdf", "030/司法局/评估.docx"}


def test_ctrl_c_while_files_are_placed_finishes_and_records_the_intake(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C comes as the first file is placed: every file is placed all the same, the record and the 回执
    (``receipt``) are written, and the result says it was interrupted."""
    real = intake_apply._place

    def place(staged: Path, dest: Path) -> None:
        if not list((ws / "evidence").rglob("*.pdf"))[1:]:  # only the file put there by intake_workspace
            signal.raise_signal(signal.SIGINT)
        real(staged, dest)

    monkeypatch.setattr(intake_apply, "_place", place)
    source = write_zip(ws.parent, "区司法局.zip", "027/1-说明.pdf", "027/2-意见.pdf")
    result = guarded_intake(ws, source, apply=True, receipt=lambda w, r: w.root / "回执")
    assert result.interrupted and result.receipt == Path("回执")
    assert [i.outcome.value for i in result.items] == ["new", "new"] and result.record is not None
    assert received_dates(load(ws)).keys() == {f"{FOLDER}/1-说明.pdf", f"{FOLDER}/2-意见.pdf"}
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Ctrl-C works again


def test_ctrl_c_while_staging_stops_and_leaves_nothing(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = intake_apply.stage_all

    def staging(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(intake_apply, "stage_all", staging)
    with pytest.raises(KeyboardInterrupt):
        guarded_intake(ws, write_zip(ws.parent, "区司法局.zip", "027/1-说明.pdf"), apply=True)
    assert intake_files(ws) == []
