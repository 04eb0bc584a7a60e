"""Reading the data files: every mistake becomes one positioned problem in Chinese, never a traceback.

The corpus ``tests/cases/data/<case>/`` is picked up automatically. Each case is a small workspace
(``data/indicators.yaml`` and ``data/units.yaml``, valid except for one mistake) and ``expected.txt``
with one expected problem per line::

    # what is wrong (comment lines and blank lines are ignored)
    data/indicators.yaml:12:9 unknown-key
    data/indicators.yaml:30:29 materials-and-reference warning
    data/indicators.yaml:15:13 unknown-key | 是不是「lead_units」

``path:line:col code``, then optionally a severity (default ``error``) and ``| text`` that the message
must contain. The problems found must be exactly those listed.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from fzcj import api
from fzcj.data.loading import Parsed, parse, read_data_file, validate
from fzcj.data.model import IndicatorsFile, UnitsFile
from fzcj.data.yamlsource import decode_text, key_position, node_position
from fzcj.problems import Problem, Severity
from helpers import DATA_CASES, MINIMAL_INDICATORS, keys, replace_once, write_workspace

CASES = sorted(p for p in DATA_CASES.iterdir() if p.is_dir())
_LINE = re.compile(
    r"^(?P<path>\S+):(?P<line>\d+):(?P<col>\d+) (?P<code>[a-z-]+)(?: (?P<sev>\w+))?(?: \| (?P<frag>.+))?$"
)
_ENGLISH = re.compile(r"[A-Za-z]{3,} [A-Za-z]{2,} [A-Za-z]{2,}")  # three English words in a row
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Expected:
    path: str
    line: int
    column: int
    code: str
    severity: str
    fragment: str | None


def read_expected(case: Path) -> list[Expected]:
    result = []
    for raw in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        match = _LINE.match(raw.strip())
        assert match, f"{case.name}/expected.txt: cannot read {raw!r}"
        result.append(
            Expected(
                match["path"],
                int(match["line"]),
                int(match["col"]),
                match["code"],
                match["sev"] or "error",
                match["frag"],
            )
        )
    return result


def assert_readable(problem: Problem) -> None:
    """A message a clerk can read: Chinese, no untranslated English sentence, no traceback."""
    assert _CJK.search(problem.message), problem
    assert not _ENGLISH.search(problem.message), problem
    assert "Traceback" not in problem.message


# ── the corpus ─────────────────────────────────────────────────────────────────────────────────


def test_corpus_has_the_required_cases() -> None:
    """The corpus holds at least the cases listed in the plan, each with an expected.txt."""
    required = {
        "yaml-missing-colon",
        "yaml-bad-indent",
        "gbk-encoding",
        "empty-file",
        "comments-only",
        "top-level-list",
        "nested-list-for-mapping",
        "tabs",
        "alias-bomb",
        "duplicate-key",
        "unknown-key",
        "unknown-lead-unit",
        "unknown-provider",
        "duplicate-task-id",
        "duplicate-material-id",
        "bad-date",
        "impossible-deadline",
        "deadline-mismatch",
        "missing-text",
        "lead-units-string",
        "alias-conflict",
        "group-unknown-member",
        "group-cycle",
        "materials-from-missing",
        "materials-from-cycle",
        "min-greater-than-max",
        "no-materials",
        "unknown-material-kind",
        "valid-minimal",
    }
    names = {case.name for case in CASES}
    assert required <= names, required - names
    for case in CASES:
        assert (case / "expected.txt").is_file(), case.name
        assert (case / "data").is_dir(), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_reports_exactly_the_expected_problems(case: Path) -> None:
    """The case's problems (path, line, column, code, severity) are exactly those in expected.txt."""
    expected = read_expected(case)
    started = time.perf_counter()
    problems = api.validate(case, data_only=True)
    elapsed = time.perf_counter() - started
    got = {(p.path, p.line, p.column, p.code, p.severity.value) for p in problems}
    want = {(e.path, e.line, e.column, e.code, e.severity) for e in expected}
    assert got == want, "\n".join(str(p) for p in problems)
    assert len(problems) == len(expected), "a problem is reported twice"
    for e in expected:
        if e.fragment:
            messages = [
                p.message
                for p in problems
                if (p.path, p.line, p.column, p.code) == (e.path, e.line, e.column, e.code)
            ]
            assert any(e.fragment in m for m in messages), (e, messages)
    for problem in problems:
        assert_readable(problem)
    assert elapsed < 1.0


def test_alias_bomb_is_rejected_without_expanding() -> None:
    """A billion-laughs file is refused at its first ``*alias`` in well under a second."""
    started = time.perf_counter()
    problems = api.validate(DATA_CASES / "alias-bomb", data_only=True)
    assert time.perf_counter() - started < 0.5
    assert keys(problems) == {("data/units.yaml", 2, 11, "yaml-alias")}
    assert "72" in problems[0].message  # how many aliases the file holds


def test_gbk_case_is_really_gbk() -> None:
    """The corpus file is stored in GBK (guards against an editor re-saving it as UTF-8)."""
    raw = (DATA_CASES / "gbk-encoding" / "data" / "units.yaml").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "区司法局" in raw.decode("gbk")


def read_text(path: Path, rel: str, problems: list[Problem]) -> str | None:
    raw = read_data_file(path, rel, problems)
    return None if raw is None else decode_text(raw, rel, problems)


# ── read_text: encodings ───────────────────────────────────────────────────────────────────────


def test_gbk_file_is_reported_with_gbk_hint(tmp_path: Path) -> None:
    """A GBK file gives one ``encoding`` problem whose message names GBK and says how to fix it."""
    path = tmp_path / "units.yaml"
    path.write_bytes("units:\n  - name: 区司法局\n".encode("gbk"))
    problems: list[Problem] = []
    assert read_text(path, "data/units.yaml", problems) is None
    assert keys(problems) == {("data/units.yaml", 2, 11, "encoding")}
    assert "GBK" in problems[0].message
    assert "UTF-8" in problems[0].message


def test_encoding_column_counts_characters_not_bytes(tmp_path: Path) -> None:
    """After valid UTF-8 Chinese on the same line, the column of the first bad byte is in characters."""
    path = tmp_path / "x.yaml"
    path.write_bytes("a: 1\n名称: 司法".encode() + "局".encode("gbk") + b"\n")
    problems: list[Problem] = []
    read_text(path, "x.yaml", problems)
    assert keys(problems) == {("x.yaml", 2, 7, "encoding")}


def test_encoding_column_ignores_byte_order_mark(tmp_path: Path) -> None:
    """A UTF-8 BOM does not shift the column of a bad byte on line 1."""
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + b"a: " + "局".encode("gbk"))
    problems: list[Problem] = []
    read_text(path, "x.yaml", problems)
    assert keys(problems) == {("x.yaml", 1, 4, "encoding")}


def test_non_gbk_garbage_has_no_gbk_hint(tmp_path: Path) -> None:
    """Bytes that are neither UTF-8 nor GBK are reported without guessing GBK."""
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: \xff\xff\n")
    problems: list[Problem] = []
    read_text(path, "x.yaml", problems)
    assert keys(problems) == {("x.yaml", 1, 4, "encoding")}
    assert "GBK" not in problems[0].message


def test_utf8_with_bom_is_read(tmp_path: Path) -> None:
    """A UTF-8 file with a BOM (as Windows Notepad saves it) is read without the BOM."""
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffa: 区".encode())
    problems: list[Problem] = []
    assert read_text(path, "x.yaml", problems) == "a: 区"
    assert problems == []


def test_missing_file_and_folder_instead_of_file(tmp_path: Path) -> None:
    """A missing file and a folder in its place are problems at position 0:0."""
    problems: list[Problem] = []
    assert read_text(tmp_path / "nope.yaml", "nope.yaml", problems) is None
    (tmp_path / "dir.yaml").mkdir()
    assert read_text(tmp_path / "dir.yaml", "dir.yaml", problems) is None
    assert keys(problems) == {("nope.yaml", 0, 0, "missing-file"), ("dir.yaml", 0, 0, "io-error")}


# ── parse: syntax ─────────────────────────────────────────────────────────────────────────


def parse_text(text: str) -> tuple[Parsed | None, list[Problem]]:
    problems: list[Problem] = []
    return parse(text, "f.yaml", problems), problems


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("a: 1\nb 2\nc: 3\n", 2, 1, "冒号"),
        ("a:\n  - 1\n - 2\n", 3, 2, "缩进"),
        ("a: [1, 2\n", 2, 1, "]"),
        ("a: {b: 1\n", 2, 1, "}"),
        ('a: "x\n', 2, 1, "引号"),
        ("a: @x\n", 1, 4, "引号"),
        ('a: "\\q"\n', 1, 5, "转义"),
        ("a: 1\n---\nb: 2\n", 2, 1, "多个"),
        ("a: *nothing\n", 1, 4, "未定义"),
        ("a:\n\tb: 1\n", 2, 1, "Tab"),
        ("a: 区\x07局\n", 1, 5, "控制字符"),
        ("a: " + "[" * 1100 + "]" * 1100 + "\n", 1, 1003, "嵌套"),
    ],
    ids=[
        "missing-colon",
        "bad-indent",
        "open-list",
        "open-mapping",
        "open-quote",
        "reserved-char",
        "bad-escape",
        "two-documents",
        "undefined-alias",
        "tab",
        "control-char",
        "too-deep-for-parser",
    ],
)
def test_syntax_error_position_and_chinese_message(text: str, line: int, column: int, words: str) -> None:
    """Each syntax error is one ``yaml-syntax`` problem at the right place, explained in Chinese."""
    parsed, problems = parse_text(text)
    assert parsed is None
    assert keys(problems) == {("f.yaml", line, column, "yaml-syntax")}
    assert words in problems[0].message
    assert_readable(problems[0])


def test_missing_colon_is_reported_on_the_key_line() -> None:
    """A key without its colon is reported on its own line, not on the line after it."""
    _, problems = parse_text("campaign:\n  name 测试\n  year: 2022\n")
    assert keys(problems) == {("f.yaml", 2, 3, "yaml-syntax")}


@pytest.mark.parametrize(
    ("text", "message"), [("", "空"), ("  \n\n", "空"), ("# 注释\n\n# 另一行\n", "注释")]
)
def test_empty_and_comment_only_files(text: str, message: str) -> None:
    """An empty or comments-only file is one ``empty-file`` problem at 1:1."""
    parsed, problems = parse_text(text)
    assert parsed is None
    assert keys(problems) == {("f.yaml", 1, 1, "empty-file")}
    assert message in problems[0].message


def test_duplicate_key_points_at_the_second_key() -> None:
    """A key written twice is reported where it is repeated; the later value wins."""
    parsed, problems = parse_text("a: 1\nb: 2\na: 3\n")
    assert parsed is not None
    assert parsed.data == {"a": 3, "b": 2}
    assert keys(problems) == {("f.yaml", 3, 1, "duplicate-key")}


def test_alias_is_reported_at_the_alias_not_the_anchor() -> None:
    """``*x`` is refused where it is used (the anchor ``&x`` itself is harmless)."""
    parsed, problems = parse_text("a: &x [1, 2]\nb:\n  c: *x\n")
    assert parsed is None
    assert keys(problems) == {("f.yaml", 3, 6, "yaml-alias")}
    assert "*x" in problems[0].message


def test_anchor_without_alias_is_accepted() -> None:
    """An anchor that is never referenced changes nothing."""
    parsed, problems = parse_text("a: &x [1, 2]\n")
    assert parsed is not None and parsed.data == {"a": [1, 2]}
    assert problems == []


def test_merge_key_is_refused() -> None:
    """``<<:`` is refused (it needs an alias or hides where values come from)."""
    parsed, problems = parse_text("a:\n  <<: {b: 1}\n  c: 2\n")
    assert parsed is not None
    assert parsed.data == {"a": {"c": 2}}
    assert keys(problems) == {("f.yaml", 2, 3, "yaml-alias")}


def test_unknown_tag_is_a_chinese_problem() -> None:
    """``!python/object`` and other tags are refused without PyYAML's English text."""
    parsed, problems = parse_text("a: !!python/object:os.system ls\nb: !foo bar\n")
    assert parsed is not None
    assert parsed.data == {"a": None, "b": None}
    assert keys(problems) == {("f.yaml", 1, 4, "bad-value"), ("f.yaml", 2, 4, "bad-value")}
    for problem in problems:
        assert_readable(problem)


def test_non_string_keys_are_kept_as_written() -> None:
    """``1:``, ``yes:`` and ``~:`` are keys as written (so an unknown key shows what was typed)."""
    parsed, problems = parse_text("1: a\nyes: b\n~: c\n")
    assert parsed is not None
    assert parsed.data == {"1": "a", "yes": "b", "~": "c"}
    assert problems == []


def test_complex_key_is_refused() -> None:
    """A list used as a key is a ``bad-key`` problem."""
    _, problems = parse_text("? [a, b]\n: 1\n")
    assert keys(problems) == {("f.yaml", 1, 3, "bad-key")}


def test_deep_nesting_stops_without_recursion_error() -> None:
    """Nesting deeper than any data file needs (but within the parser's limit) stops cleanly."""
    parsed, problems = parse_text("a: " + "[" * 900 + "]" * 900 + "\n")
    assert parsed is None
    assert [p.code for p in problems] == ["too-large"]


# ── positions in the node tree ─────────────────────────────────────────────────────────────────

_TREE = """\
campaign:
  name: 测试
  year: 2022
list:
  - id: '1'
    text: 一
  - id: '2'
"""


def test_node_position_walks_mappings_and_sequences() -> None:
    """``node_position`` gives 1-based line/column of the value at a loc."""
    root = yaml.compose(_TREE)
    pos, missing = node_position(root, ())
    assert (pos.line, pos.column, missing) == (1, 1, None)
    pos, missing = node_position(root, ("campaign", "year"))
    assert (pos.line, pos.column, missing) == (3, 9, None)
    pos, missing = node_position(root, ("list", 1, "id"))
    assert (pos.line, pos.column, missing) == (7, 9, None)


def test_node_position_stops_at_the_deepest_existing_node() -> None:
    """A missing key or index gives the position of the last node reached and the missing part."""
    root = yaml.compose(_TREE)
    pos, missing = node_position(root, ("list", 1, "text"))
    assert (pos.line, pos.column, missing) == (7, 5, "text")
    pos, missing = node_position(root, ("list", 5, "id"))
    assert (pos.line, pos.column, missing) == (5, 3, "5")
    pos, missing = node_position(root, ("campaign", "name", "x"))
    assert (pos.line, pos.column, missing) == (2, 9, "x")


def test_key_position_points_at_the_key() -> None:
    """``key_position`` gives the key itself (for unknown keys), or its mapping if absent."""
    root = yaml.compose(_TREE)
    pos = key_position(root, ("campaign", "year"))
    assert (pos.line, pos.column) == (3, 3)
    pos = key_position(root, ("list", 0, "nope"))
    assert (pos.line, pos.column) == (5, 5)


# ── validate: pydantic errors in Chinese at the value ──────────────────────────────────────────


def load_indicators(text: str) -> list[Problem]:
    problems: list[Problem] = []
    parsed = parse(text, "data/indicators.yaml", problems)
    assert parsed is not None
    validate(IndicatorsFile, parsed, "data/indicators.yaml", problems)
    return problems


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("year: 2022", "year: 二〇二二", "整数"),
        ("year: 2022", "year: .inf", "整数"),
        ("year: 2022", "year: 1999", "≥ 2000"),
        ("due: 2022-07-30", "due: 2022", "日期"),
        ("due: 2022-07-30", "due: 明天", "日期"),
        ("text: 依法实施行政许可。", "text: ''", "不能为空"),
        ("text: 依法实施行政许可。", "text: [a, b]", "文字"),
        ("number: 1", "number: 0", "> 0"),
        ("number: 1", "number: 一", "整数"),
    ],
)
def test_wrong_value_message_is_chinese(old: str, new: str, words: str) -> None:
    """A wrong value is one ``wrong-type`` problem whose message is Chinese and specific."""
    problems = load_indicators(replace_once(MINIMAL_INDICATORS, old, new))
    assert [p.code for p in problems] == ["wrong-type"]
    assert words in problems[0].message
    assert_readable(problems[0])


def test_enum_choices_are_listed_without_english() -> None:
    """An unknown ``kind`` lists the accepted values with what they mean, separated by 、 (no “or”)."""
    text = replace_once(
        MINIMAL_INDICATORS,
        "                text: 提供情况说明\n",
        "                text: 提供情况说明\n                kind: pdf\n",
    )
    (problem,) = load_indicators(text)
    assert "document（文件资料）、url（网址）、" in problem.message
    assert "online_check（网上核查）" in problem.message
    assert " or " not in problem.message


def test_date_that_cannot_be_read_is_reported_once(tmp_path: Path) -> None:
    """``due: 2022-02-30`` is one ``bad-date`` problem, not also a wrong type."""
    write_workspace(tmp_path, replace_once(MINIMAL_INDICATORS, "due: 2022-07-30", "due: 2022-02-30"))
    assert [p.code for p in api.validate(tmp_path, data_only=True)] == ["bad-date"]


def test_unknown_key_suggests_the_field() -> None:
    """``lead_unit:`` is an unknown key at the key, with a did-you-mean naming ``lead_units``."""
    text = replace_once(MINIMAL_INDICATORS, "            responsible_units:", "            responsible_unit:")
    problems = load_indicators(text)
    assert keys(problems) == {("data/indicators.yaml", 17, 13, "unknown-key")}
    assert "是不是「responsible_units」" in problems[0].message


def test_problems_carry_error_severity() -> None:
    """Problems from reading and validating are errors."""
    problems = load_indicators(replace_once(MINIMAL_INDICATORS, "year: 2022", "yaer: 2022"))
    assert {p.severity for p in problems} == {Severity.error}
    assert {p.code for p in problems} == {"unknown-key", "missing-field"}


@pytest.mark.parametrize(
    ("text", "line", "column", "says"),
    [
        ("units: [\n  - name: a\n", 2, 3, "方括号或花括号没有写完"),
        ("%FOO bar\n---\nunits: []\n", 1, 5, "以 % 开头的指令"),
        ("units:\n  - name: |x\n      a\n", 2, 12, "末尾有多余的内容"),
        ("units: []\n... junk\n", 2, 5, "文档结束标记"),
        ("units: [甲, 乙\ngroups: []\n", 2, 7, "没有闭合的括号在第 1 行第 8 列"),
        ("campaign:\n  name：测试\n  year: 2022\n", 2, 7, "中文冒号"),
        ("units:\n  - name：甲\n    type: 部门\n", 2, 9, "中文冒号"),
        (
            "units:\n  - name: 甲\n    type: 部门：其他\n    aliases\n    full_name: x\n",
            4,
            5,
            "找不到应有的冒号",
        ),
    ],
)
def test_syntax_errors_are_explained_in_chinese_where_they_are(
    text: str, line: int, column: int, says: str
) -> None:
    """Also what a Chinese input method slips in: a full-width colon or space, found on its own line."""
    parsed, problems = parse_text(text)
    assert parsed is None
    assert [(p.line, p.column, p.code) for p in problems] == [(line, column, "yaml-syntax")], problems
    assert says in problems[0].message
    assert_readable(problems[0])


def test_a_full_width_space_in_a_key_is_named() -> None:
    """Full-width spaces are no indentation to YAML: the line becomes an odd key, and says why."""
    problems: list[Problem] = []
    parsed = parse("units:\n  - name: 甲\n    type: 部门\n　　aliases: [甲]\n", "data/units.yaml", problems)
    assert parsed is not None
    validate(UnitsFile, parsed, "data/units.yaml", problems)
    assert [(p.line, p.column, p.code) for p in problems] == [(4, 1, "unknown-key")], problems
    assert "全角空格" in problems[0].message


def test_a_due_soon_window_beyond_a_year_is_refused() -> None:
    """A typo such as 7000 would make every task 临期."""
    problems = load_indicators(
        MINIMAL_INDICATORS.replace("  year: 2022\n", "  year: 2022\n  due_soon_days: 7000\n", 1)
    )
    assert [(p.code, p.message) for p in problems] == [("wrong-type", "字段「due_soon_days」应 ≤ 365")], (
        problems
    )
