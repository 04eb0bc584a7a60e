"""``fzcj new DIR --from TABLE`` end to end: exit code, stdout and stderr together, and what it writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from county_tables import bundled_unit_names, renamed_county
from evidence_helpers import invoke
from fzcj.problems import Severity
from helpers import SOURCE_TABLE


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """中宁县's table as Word's text export, in GBK as Chinese Windows saves it."""
    path = tmp_path_factory.mktemp("table") / "中宁县任务分解表.txt"
    text = renamed_county(SOURCE_TABLE.read_text("utf-8"), bundled_unit_names())
    path.write_bytes(text.replace("\n", "\r\n").encode("gbk"))
    return path


def new(target: Path, table: Path, *extra: str) -> tuple[int, str, str]:
    result = invoke("new", str(target), "--from", str(table), *extra)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_new_writes_the_workspace_and_says_what_to_check(table: Path, tmp_path: Path) -> None:
    target = tmp_path / "中宁县"
    code, out, err = new(target, table, "--year", "2023", "--office", "县委依法治县办")
    assert (code, err) == (0, "")
    assert out.startswith(f"已创建工作区 {target}：\n")
    assert "104 项任务、170 项材料（8 项任务与其他任务合并提供材料）" in out
    assert "  - 单位组“各乡镇”还没有成员：请在 data/units.yaml 中补充，否则数据文件无法通过检查\n" in out
    assert out.endswith("→ fzcj validate → fzcj init（详见 README.txt）\n")
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == [
        "README.txt", "data", "data/indicators.yaml", "data/units.yaml", "evidence",
        "schemas", "schemas/indicators.schema.json", "schemas/units.schema.json",
    ]  # fmt: skip
    readme = (target / "README.txt").read_bytes()
    assert (
        readme.startswith(b"\xef\xbb\xbf") and b"\r\n" in readme and b"\n" not in readme.replace(b"\r\n", b"")
    )
    assert "中宁县法治政府建设示范创建工作区" in readme.decode("utf-8-sig")
    for name in ("indicators", "units"):
        first = (target / "data" / f"{name}.yaml").read_text("utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{name}.schema.json"
    indicators = (target / "data" / "indicators.yaml").read_text("utf-8")
    assert "coordinating_office: 县委依法治县办" in indicators and "沙坡头" not in indicators


def test_validate_in_the_new_workspace_lists_the_checks(table: Path, tmp_path: Path) -> None:
    from fzcj import api

    new(tmp_path / "ws", table, "--year", "2023")
    problems = api.validate(tmp_path / "ws", cache=False)
    assert [p.message for p in problems if p.severity is Severity.error] == ["字段「members」至少应有 1 项"]
    assert sum(p.code == "to-check" for p in problems) == 19


def test_an_empty_folder_is_used(table: Path, tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    assert new(tmp_path / "ws", table)[0] == 0
    assert (tmp_path / "ws" / "data" / "units.yaml").is_file()


def test_a_folder_with_anything_in_it_is_refused_and_left_alone(table: Path, tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "材料.pdf").write_bytes(b"%PDF")
    code, out, err = new(tmp_path / "ws", table)
    assert (code, out) == (1, "")
    assert (
        err
        == f"错误：目录 {tmp_path / 'ws'} 已存在且不是空的：为防止覆盖已有文件，fzcj new 只在新目录或空目录中创建工作区\n"
    )
    assert os.listdir(tmp_path / "ws") == ["材料.pdf"]


def test_a_table_inside_the_folder_gets_a_hint(table: Path, tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    inside = tmp_path / "ws" / table.name
    inside.write_bytes(table.read_bytes())
    code, _, err = new(tmp_path / "ws", inside)
    assert code == 1 and err.endswith("只在新目录或空目录中创建工作区（任务分解表请放在这个目录之外）\n")


def test_a_file_in_place_of_the_folder_is_a_usage_error(table: Path, tmp_path: Path) -> None:
    (tmp_path / "ws").write_bytes(b"")
    assert new(tmp_path / "ws", table)[:2] == (2, "")


def ole2(*streams: str) -> bytes:
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"".join(s.encode("utf-16-le") for s in streams)
    )


@pytest.mark.parametrize(
    ("name", "data", "code", "message"),
    [
        ("表.doc", ole2("WordDocument"), 3, "表.doc 是旧版 Word 文件（.doc 或 .wps），请在 Word 或 WPS 中另存为 .docx 后再导入"),
        ("表.docx", ole2("EncryptedPackage"), 3, "表.docx 设置了打开密码（已加密），无法读取：请在 Word 或 Excel 中取消密码、另存后再导入"),
        ("表.txt", "\t姓名\n\t电话\n".encode(), 1, "没有找到任务分解表的表头：表头一行应包含 一级指标、二级指标、序号、三级指标（具体工作任务）、牵头单位、完成时限、主要提供资料 等列名"),
        ("表.xlsx", b"PK\x03\x04 broken", 3, "表.xlsx 已损坏（不是完整的 .docx 或 .xlsx 文件），请重新保存或下载"),
    ],
)  # fmt: skip
def test_bad_tables_get_a_chinese_message_and_nothing_is_created(
    tmp_path: Path, name: str, data: bytes, code: int, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert new(tmp_path / "ws", path) == (code, "", f"错误：{message}\n")
    assert not (tmp_path / "ws").exists()


def test_a_missing_table_is_a_usage_error(tmp_path: Path) -> None:
    assert new(tmp_path / "ws", tmp_path / "没有.docx") == (
        2,
        "",
        f"错误：找不到文件：{tmp_path / '没有.docx'}\n",
    )


def test_an_unreadable_table_exits_3(table: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert new(tmp_path / "ws", table) == (3, "", f"错误：无法读取文件 {table}：没有权限\n")
    assert not (tmp_path / "ws").exists()
