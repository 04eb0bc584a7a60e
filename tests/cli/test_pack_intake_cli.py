"""``fzcj pack`` and ``fzcj intake`` through the CLI: the weekly round trip of one unit, and the options.

The round trip is the office's: pack for 区司法局 → the clerk adds files inside the unpacked folder and zips it
with Windows' "压缩(zipped)文件夹" (GBK names, no UTF-8 flag) → intake --apply → status shows the items
submitted → a second intake of the same zip changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest

from archive_corpus import RawInfo
from evidence_helpers import invoke, make_workspace, materials_by_id, put, status_json
from intake_helpers import checksums

UNIT_DIR = "区司法局报送材料"
AS_OF = "2022-06-15"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def pack(ws: Path, *args: str) -> Path:
    result = invoke("pack", "--unit", "司法局", "--as-of", AS_OF, "--root", str(ws), *args)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip().rpartition("：")[2])


def as_a_clerk_would(pack_zip: Path, added: dict[str, bytes], dest: Path) -> Path:
    """Unpack, add files under the unit's folders, and zip the folder again the way Windows does."""
    with zipfile.ZipFile(pack_zip) as packed:
        files = {i.filename: packed.read(i) for i in packed.infolist() if not i.is_dir()}
    tasks = {name.split("/")[1][:3]: name.split("/")[1] for name in files if name.count("/") >= 3}
    for where, data in added.items():
        task, rest = where.split("/", 1)
        files[f"{UNIT_DIR}/{tasks[task]}/{rest}"] = data
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = RawInfo(name.encode("gbk"), system=0)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return dest


def test_round_trip_pack_fill_intake_status(ws: Path) -> None:
    zipped = pack(ws)
    assert zipped.name == f"{UNIT_DIR}（2022年6月15日）.zip"
    sent_back = as_a_clerk_would(
        zipped,
        {
            "027/区司法局/1-合法性审查情况说明.pdf": b"%PDF-1.4\n%%EOF\n",
            "027/区司法局/2-审查意见/意见一.pdf": b"%PDF-1.4 a\n%%EOF\n",
            "027/区司法局/2-审查意见/意见二.pdf": b"%PDF-1.4 b\n%%EOF\n",
            "027/区司法局/2-审查意见/意见三.pdf": b"%PDF-1.4 c\n%%EOF\n",
            "030/区司法局/后评估情况说明.pdf": b"%PDF-1.4 d\n%%EOF\n",
        },
        ws.parent / "区司法局报送材料.zip",
    )
    before = status_json(ws, AS_OF)
    assert materials_by_id(before)["27.2"]["status"] == "missing"

    applied = invoke("intake", str(sent_back), "--apply", "--root", str(ws))
    assert applied.exit_code == 0, applied.output
    assert "单位：区司法局（由名称“区司法局报送材料”判断）" in applied.stdout
    assert "新收到 5 个" in applied.stdout and "收件记录：intake/" in applied.stdout

    after = materials_by_id(status_json(ws, AS_OF))
    for material in ("27.1", "27.2", "30.1"):
        (provider,) = after[material]["providers"]
        assert provider["status"] == "submitted", material
        assert provider["received"] == [dt.date.today().isoformat()] * len(provider["files"])
    assert after["27.2"]["status"] == "complete" and after["27.2"]["file_count"] == 3

    tree = checksums(ws)
    again = invoke("intake", str(sent_back), "--apply", "--root", str(ws))
    assert again.exit_code == 0, again.output
    assert "已收到 5 个" in again.stdout and "证据文件夹未作任何改动" in again.stdout
    assert checksums(ws) == tree
    assert len(list((ws / "intake").iterdir())) == 1


def test_pack_holds_the_units_folders_a_checklist_and_a_guide(ws: Path) -> None:
    before = dt.datetime.now().replace(microsecond=0) - dt.timedelta(seconds=2)
    with zipfile.ZipFile(pack(ws)) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert all(i.flag_bits & 0x800 for i in infos if not i.filename.isascii())
        assert all(dt.datetime(*i.date_time) >= before for i in infos)
        assert f"{UNIT_DIR}/报送清单.docx" in names and f"{UNIT_DIR}/填报说明.txt" in names
        notes = [n for n in names if n.endswith("/区司法局/材料要求.txt")]
        assert notes and all(n.startswith(f"{UNIT_DIR}/") and n.count("/") == 3 for n in notes)
        note = zf.read(notes[0])
        assert note.startswith(b"\xef\xbb\xbf") and b"\r\n" in note
        guide = zf.read(f"{UNIT_DIR}/填报说明.txt").decode("utf-8-sig")
        assert "发送到" in guide and "压缩(zipped)文件夹" in guide
    assert not (ws / "evidence").joinpath("027").exists()  # packing writes nothing into evidence/


def test_pack_needs_no_evidence_folder_yet(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "new", evidence=False)
    assert pack(root).is_file()
    assert not (root / "evidence").exists()


def test_pack_gbk_stores_names_as_windows_does(ws: Path, tmp_path: Path) -> None:
    out = pack(ws, "--gbk", "-o", str(tmp_path / "司法局.zip"))
    assert out == tmp_path / "司法局.zip"
    data = out.read_bytes()
    assert f"{UNIT_DIR}/填报说明.txt".encode("gbk") in data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert not any(i.flag_bits & 0x800 for i in zf.infolist())


def test_pack_all_makes_one_zip_per_unit_that_owes_something(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fzcj.report.docx.checklist

    monkeypatch.setattr(
        fzcj.report.docx.checklist, "render_checklist", lambda *args: b"docx"
    )  # tested elsewhere
    result = invoke("pack", "--all", "-o", str(tmp_path / "发出"), "--as-of", AS_OF, "--root", str(ws))
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (tmp_path / "发出").iterdir())
    assert f"{UNIT_DIR}（2022年6月15日）.zip" in made and "滨河镇报送材料（2022年6月15日）.zip" in made
    assert f"共 {len(made)} 个单位" in result.stdout


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ((), "请用 --unit 指定一个单位，或用 --all"),
        (("--unit", "区司法局", "-o", "x.docx"), "-o 的文件名应以 .zip 结尾"),
        (("--unit", "财务科"), "未知单位「财务科」"),
    ],
)
def test_pack_usage_errors(ws: Path, args: tuple[str, ...], said: str) -> None:
    result = invoke("pack", *args, "--root", str(ws))
    assert result.exit_code == 2 and said in result.stderr


def test_intake_json_lists_every_file(ws: Path, tmp_path: Path) -> None:
    from archive_corpus import make_zip

    (tmp_path / "区司法局.zip").write_bytes(make_zip("027/1-说明.pdf", "说明.pdf"))
    result = invoke("intake", str(tmp_path / "区司法局.zip"), "--format", "json", "--root", str(ws))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["applied"] is False and data["unit"] == "区司法局"
    assert [(f["source"], f["outcome"], f["item"]) for f in data["files"]] == [
        ("027/1-说明.pdf", "new", 1),
        ("说明.pdf", "unplaced", None),
    ]
    assert data["counts"]["new"] == 1 and not (ws / "intake").exists()


def test_a_refused_archive_exits_1_with_the_reason(ws: Path, tmp_path: Path) -> None:
    (tmp_path / "x.zip").write_bytes(b"<html>")
    result = invoke("intake", str(tmp_path / "x.zip"), "--apply", "--root", str(ws))
    assert result.exit_code == 1
    assert "错误：未收取任何文件：“x.zip”不是 zip 压缩包，或已损坏。请对方重新发送。" in result.stderr


def test_receipt_goes_with_apply(ws: Path, tmp_path: Path) -> None:
    from archive_corpus import make_zip

    (tmp_path / "区司法局.zip").write_bytes(make_zip("027/1-说明.pdf", "说明.pdf"))
    alone = invoke("intake", str(tmp_path / "区司法局.zip"), "--receipt", "--root", str(ws))
    assert alone.exit_code == 2 and "--receipt 需与 --apply 一起使用" in alone.stderr
    result = invoke("intake", str(tmp_path / "区司法局.zip"), "--apply", "--receipt", "--root", str(ws))
    assert result.exit_code == 0, result.output
    (receipt,) = (ws / "intake").glob("*回执.txt")
    text = receipt.read_text("utf-8-sig")
    assert (
        text.startswith("回执")
        and "区司法局：" in text
        and "1-说明.pdf" in text
        and "说明.pdf：不在任务文件夹中" in text
    )


def test_show_prints_the_received_date_and_json_null_for_files_put_in_by_hand(
    ws: Path, tmp_path: Path
) -> None:
    from archive_corpus import make_zip

    put(ws, "030/区司法局/说明.docx")
    (tmp_path / "区司法局.zip").write_bytes(make_zip("027/1-说明.pdf"))
    assert invoke("intake", str(tmp_path / "区司法局.zip"), "--apply", "--root", str(ws)).exit_code == 0
    shown = invoke("show", "27", "--as-of", AS_OF, "--root", str(ws))
    today = dt.date.today()
    assert f"1-说明.pdf（{today.month}月{today.day}日收到）" in shown.stdout.replace("\n", "").replace(
        "│", ""
    ).replace(" ", "")
    (hand,) = materials_by_id(status_json(ws, AS_OF))["30.1"]["providers"]
    assert hand["received"] == [None]


def test_intake_json_hints_at_the_reason_field_not_at_a_table(ws: Path, tmp_path: Path) -> None:
    from archive_corpus import make_zip

    (tmp_path / "区司法局.zip").write_bytes(make_zip("027/1-说明.pdf", "说明.pdf"))
    result = invoke("intake", str(tmp_path / "区司法局.zip"), "--format", "json", "--root", str(ws))
    assert "原因见输出的 JSON（reason 字段）" in result.stderr and "上表" not in result.stderr


def test_a_rar_inside_a_zip_is_not_taken_and_the_hint_says_so(ws: Path, tmp_path: Path) -> None:
    from archive_corpus import Member, make_zip

    (tmp_path / "区司法局.zip").write_bytes(make_zip(Member("027/附件.rar", data=b"Rar!\x1a\x07\x00")))
    result = invoke("intake", str(tmp_path / "区司法局.zip"), "--root", str(ws))
    assert result.exit_code == 0, result.output
    assert "027/附件.rar   │ 未收取 │" in result.stdout and "请解压后重新压缩为 zip" in result.stdout
    assert "提示：有文件未能收取，原因见上表" in result.stderr


def test_ctrl_c_while_storing_still_shows_what_was_stored(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    from archive_corpus import make_zip
    from fzcj.evidence import intake_apply

    real = intake_apply._place

    def place(staged: Path, dest: Path) -> None:
        signal.raise_signal(signal.SIGINT)
        real(staged, dest)

    monkeypatch.setattr(intake_apply, "_place", place)
    (tmp_path / "区司法局.zip").write_bytes(make_zip("027/1-说明.pdf"))
    result = invoke("intake", str(tmp_path / "区司法局.zip"), "--apply", "--root", str(ws))
    assert result.exit_code == 130
    assert "新收到" in result.stdout and "已存入 1 个文件；收件记录：intake/" in result.stdout
    assert "本次收件已先完成" in result.stderr and "收件记录：intake/" in result.stderr


def test_ctrl_c_while_the_result_is_printed_says_the_intake_is_done(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive_corpus import make_zip
    from fzcj.render import intake

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(intake, "intake_table", interrupted)
    (tmp_path / "区司法局.zip").write_bytes(make_zip("027/1-说明.pdf"))
    result = invoke("intake", str(tmp_path / "区司法局.zip"), "--apply", "--root", str(ws))
    assert result.exit_code == 130
    assert "本次收件已完成。已存入 1 个文件；收件记录：intake/" in result.stderr
