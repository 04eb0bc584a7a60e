"""Every usage mistake gets a Chinese message and exit code 2 — nothing of click's English leaks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fzcj.cli import app

REPO = Path(__file__).resolve().parents[2]
ENGLISH = re.compile(r"\b(Error|Missing|Invalid|Input should|No such|Usage|Got unexpected|is not one of)\b")

MISTAKES = [
    ["show"],
    ["show", "27", "28"],
    ["validate", "--format", "xml"],
    ["status", "--due-within", "x"],
    ["status", "--due-within", "-1"],
    ["status", "--format", "pdf"],
    ["status", "--bogus"],
    ["status", "--unit"],
    ["status", "--as-of", "2022-02-30"],
    ["status", "--indicator", "十一"],
    ["status", "--unit", ""],
    ["status", "--unit", " "],
    ["status", "--indicator", ""],
    ["report", "--issue", "0"],
    ["nosuchcommand"],
]


@pytest.mark.parametrize("args", MISTAKES, ids=" ".join)
def test_usage_mistake_is_explained_in_chinese(args: list[str]) -> None:
    result = CliRunner().invoke(app, [*args, "--root", str(REPO)] if args[0] == "status" else args)
    output = result.stdout + result.stderr
    assert result.exit_code == 2, output
    assert result.stderr.startswith("错误："), output
    assert not ENGLISH.search(output), output
    assert "Traceback" not in output


def test_help_is_chinese() -> None:
    for args in (["--help"], ["status", "--help"], ["report", "--help"], ["show", "-h"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0
        assert "用法：" in result.stdout and "选项" in result.stdout
        assert not ENGLISH.search(result.stdout), result.stdout


def test_console_script_exit_codes_survive_the_fast_exit(tmp_path: Path) -> None:
    """`main()` ends the process with os._exit: the exit code and all output must still come through."""
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "fzcj", *args], capture_output=True, text=True, timeout=60, check=False
        )

    ok = run("validate", "--data-only", "--root", str(REPO))
    assert ok.returncode == 0 and "检查通过" in ok.stderr
    usage = run("status", "--bogus")
    assert usage.returncode == 2 and usage.stderr.startswith("错误：")
    missing = run("status", "--root", str(tmp_path))
    assert missing.returncode == 2 and "不是创建工作区" in missing.stderr
    shown = run("show", "27", "--root", str(REPO), "--as-of", "2022-06-15")
    assert shown.returncode == 0 and "任务 27" in shown.stdout and shown.stdout.endswith("\n")


class _Ended(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


@pytest.mark.parametrize("where", ["in typer", "in the command"])
def test_ctrl_c_is_said_once_in_chinese_with_exit_130(
    where: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Wherever Ctrl-C lands (typer's own code, the command), one line and exit code 130."""
    import gc
    import os

    from fzcj import api
    from fzcj.cli import core as cli_app

    def interrupt(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    def end(code: int) -> None:
        raise _Ended(code)

    monkeypatch.setattr(os, "_exit", end)  # main() ends the process this way
    monkeypatch.setattr(gc, "disable", lambda: None)  # not for the rest of the test session
    monkeypatch.setattr("sys.argv", ["fzcj", "status", "--root", str(REPO)])
    if where == "in typer":
        monkeypatch.setattr(cli_app.Command, "invoke", interrupt)
    else:
        monkeypatch.setattr(api, "status", interrupt)
    with pytest.raises(_Ended) as ended:
        cli_app.main()
    assert ended.value.code == 130
    err = capsys.readouterr().err
    assert err == "已中断。\n"


@pytest.mark.parametrize(("given", "seen"), [(None, "__all__"), ("", ""), ("logfire", "logfire")])
def test_console_entry_turns_pydantic_plugins_off_unless_told(
    given: str | None, seen: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pydantic's plugin search reads every installed package's metadata: fzcj needs no plugin."""
    import gc
    import os

    from fzcj.cli import core as cli_app

    monkeypatch.setattr(gc, "disable", lambda: None)
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "placeholder")  # restored after the test
    if given is None:
        monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS")
    else:
        monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", given)
    found = []
    monkeypatch.setattr(cli_app, "app", lambda: found.append(os.environ.get("PYDANTIC_DISABLE_PLUGINS")))
    monkeypatch.setattr(os, "_exit", lambda code: None)
    cli_app.main()
    assert found == [seen]


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--format", "json"],
        ["status", "--format", "csv"],
        ["status", "--unit", "司法局"],
        ["validate"],
        ["show", "27"],
        ["init", "--dry-run"],
        ["schema"],
    ],
    ids=" ".join,
)
def test_a_reader_that_stops_reading_ends_the_command_quietly(args: list[str]) -> None:
    """`fzcj status | head`: exit 141 as for any program whose reader went away, and no message."""
    import os
    import subprocess
    import sys

    example = REPO / "examples" / "沙坡头区示例"
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads
    try:
        where = [] if args[0] == "schema" else ["--root", str(example)]
        when = ["--as-of", "2022-06-15"] if args[0] in ("status", "show") else []
        result = subprocess.run(
            [sys.executable, "-m", "fzcj", *args, *where, *when],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 141
    assert result.stderr == b""


def test_output_a_pipe_takes_only_in_part_is_written_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pipe's write may take part of the bytes and raise nothing: the rest must follow."""
    import io

    from fzcj.cli import core

    class Trickle(io.BytesIO):
        def write(self, data: Any) -> int:
            return super().write(bytes(data[:5]))

    class Out:
        buffer = Trickle()

        def flush(self) -> None:
            pass

    out = Out()
    monkeypatch.setattr("sys.stdout", out)
    core.write_bytes("区司法局的全部材料".encode() * 3)
    assert out.buffer.getvalue() == "区司法局的全部材料".encode() * 3
