"""Docs are code: the README shows real output, documents every command, and the example is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


import readme_examples  # noqa: E402
from fzcj.cli import app  # noqa: E402

README = (REPO / "README.md").read_text("utf-8")
RUN_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/fzcj status --unit 区司法局 --as-of 2022-06-15"
TEST_COMMAND = 'python3 -m venv .venv && .venv/bin/pip install -q -e ".[test]" && .venv/bin/python -m pytest'


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


@pytest.mark.parametrize(
    "command", readme_examples.COMMANDS + readme_examples.REPORT_COMMANDS + readme_examples.DELIVERABLES
)
def test_readme_shows_the_real_output_of(command: str) -> None:
    """Each example block in the README equals what the command prints in the example workspace."""
    block = f"$ {command}\n{readme_examples.run(command)}"
    assert _normalise(block) in _normalise(README), (
        f"README 中“{command}”的输出已过时：运行 scripts/readme_examples.py 更新"
    )


def test_readme_walks_another_county_through_new_validate_and_status() -> None:
    """The 其他市、县使用 walkthrough is the real output of fzcj new → validate → edit → validate → status,
    run on a 中宁县 Word table built from the bundled one; nothing of 沙坡头区 shows up in it."""
    block = readme_examples.new_county_blocks()
    assert _normalise(block) in _normalise(README), (
        "README 中“其他市、县使用”的示例输出已过时：运行 scripts/readme_examples.py --write 更新"
    )
    assert "检查通过：没有发现问题。" in block and "沙坡头" not in block


def test_readme_shows_the_real_round_trip() -> None:
    """pack → the clerk's zip → intake → intake --apply → show, as the README shows it."""
    blocks = readme_examples.round_trip()
    start, end = readme_examples.TRIP_START, readme_examples.TRIP_END
    shown = README.partition(start)[2].partition(end)[0]
    assert _normalise(blocks) == _normalise(shown), (
        "README 中的收发示例已过时：运行 scripts/readme_examples.py --write 更新"
    )


def test_readme_documents_every_command() -> None:
    """Every registered command appears in the README's command table."""
    names = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    for group in app.registered_groups:
        assert group.typer_instance is not None
        names += [f"{group.name} {c.name}" for c in group.typer_instance.registered_commands]
    assert names
    for name in names:
        assert f"`fzcj {name}" in README or f"fzcj {name} " in README, name


def test_readme_starts_with_the_two_commands() -> None:
    """Near the top: one command that installs and runs status, one that installs and runs the tests."""
    blocks = re.findall(r"```bash\n(.+?)\n```", README[:2000], re.S)
    assert blocks[:2] == [RUN_COMMAND, TEST_COMMAND]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert TEST_COMMAND in ci


def test_the_two_commands_need_no_python_command_and_no_system_pip() -> None:
    """Debian, Ubuntu and WSL have no `python` and refuse the system pip (PEP 668): a venv does both."""
    for command in (RUN_COMMAND, TEST_COMMAND):
        words = command.split()
        assert "python" not in words and "pip" not in words and words[:3] == ["python3", "-m", "venv"]


def test_example_workspace_uses_the_bundled_data() -> None:
    """The example's data files are copies of data/ (scripts/make_example.py keeps them so)."""
    for name in ("indicators.yaml", "units.yaml"):
        example = REPO / "examples" / "沙坡头区示例" / "data" / name
        assert example.read_bytes() == (REPO / "data" / name).read_bytes(), name


def test_changelog_has_an_unreleased_section() -> None:
    assert "## [Unreleased]" in (REPO / "CHANGELOG.md").read_text("utf-8")


@pytest.mark.parametrize("name", ["indicators", "units"])
def test_bundled_json_schemas_are_current(name: str) -> None:
    """schemas/*.schema.json (referenced by the data files for editors) equal `fzcj schema NAME`."""
    from fzcj.data.schema import schema_text

    bundled = (REPO / "schemas" / f"{name}.schema.json").read_text("utf-8")
    assert bundled.strip() == schema_text(name).strip(), "运行 fzcj schema 更新 schemas/ 下的文件"


def test_schema_descriptions_are_chinese() -> None:
    """Editors show these descriptions to the people editing the YAML: no English docstrings."""
    import json

    from fzcj.data.schema import schema_text

    for name in ("indicators", "units"):
        schema = json.loads(schema_text(name))
        parts = [schema, *schema["$defs"].values()]
        for part in parts:
            description = part.get("description", "")
            assert description and not any(word in description for word in (" the ", " a ", "``")), (
                description
            )


def test_the_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Python example, as written, from the repository folder (the notice goes to tmp)."""
    block = re.search(r"## 作为 Python 库使用.+?```python\n(.+?)\n```", README, re.S)
    assert block is not None
    code = block[1].replace('Path("通知.docx")', repr(str(tmp_path / "通知.docx")).join(("Path(", ")")))
    monkeypatch.chdir(REPO)
    exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "通知.docx").is_file()
