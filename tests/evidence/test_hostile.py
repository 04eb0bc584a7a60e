"""The hostile corpus: names and files 44 units on a shared drive can put in the tree, with what fzcj
must make of them. Picked up automatically from ``tests/cases/hostile/<case>/case.json``.

A git checkout cannot hold most of these (control characters and bytes that are not UTF-8 in names,
pipes, links out of the tree), so each case describes its tree and the test builds it::

    {"description": "…", "as_of": "2022-06-01",
     "tree": [{"path": "evidence/027 …/区司法局/1-说明.docx"},          a real small file of its type
              {"path": "…/不涉及.txt", "text": "理由"},                  UTF-8 text
              {"path": "…/不涉及.txt", "nuls": 100000},                  that many NUL bytes
              {"path": "…", "hex": "89504e47"},                           these bytes
              {"path": "…", "fifo": true}, {"path": "…", "folder": true},
              {"path": "…", "symlink": "../../secret.txt"}],
     "status": {… as in tests/cases/evidence/*/expected.json …},
     "validate": {"exit": 1, "problems": [["evidence/…", "code"]]},
     "never": ["text that must appear in no output"]}

Paths are relative to the workspace; where a name is not UTF-8, ``{gbk:司法局}`` stands for the
GBK bytes of 司法局 and ``{hex:fffe}`` for the bytes FF FE. ``status`` is compared as the evidence
corpus is (the errors and warnings exactly); ``validate`` must report at least the problems listed,
with that exit code. Every command must finish within seconds, without a traceback.
"""

from __future__ import annotations

import json
import os
import re
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import sample_files
from evidence_helpers import TESTS, compare, invoke, make_workspace

HOSTILE = TESTS / "cases" / "hostile"
CASES = sorted(p for p in HOSTILE.iterdir() if (p / "case.json").is_file())
_SAMPLES = {".pdf": sample_files.pdf, ".docx": sample_files.docx, ".xlsx": sample_files.xlsx}


_RAW = re.compile(r"\{(gbk|hex):([^}]+)\}")


def raw_path(path: str) -> bytes:
    """The bytes of a path in a case, with ``{gbk:…}`` and ``{hex:…}`` turned into their bytes."""
    parts, last = [], 0
    for match in _RAW.finditer(path):
        parts.append(path[last : match.start()].encode("utf-8"))
        kind, text = match.groups()
        parts.append(text.encode("gbk") if kind == "gbk" else bytes.fromhex(text))
        last = match.end()
    return b"".join(parts) + path[last:].encode("utf-8")


def build(root: Path, tree: list[dict[str, Any]]) -> None:
    for entry in tree:
        path = os.path.join(os.fsencode(root), raw_path(entry["path"]))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if entry.get("folder"):
            os.makedirs(path, exist_ok=True)
        elif entry.get("fifo"):
            os.mkfifo(path)
        elif "symlink" in entry:
            os.symlink(os.fsencode(entry["symlink"]), path)
        else:
            with open(path, "wb") as handle:
                handle.write(content(entry))


def content(entry: dict[str, Any]) -> bytes:
    if "text" in entry:
        return str(entry["text"]).encode("utf-8")
    if "nuls" in entry:
        return bytes(int(entry["nuls"]))
    if "hex" in entry:
        return bytes.fromhex(entry["hex"])
    suffix = os.path.splitext(entry["path"])[1].lower()
    maker = _SAMPLES.get(suffix)
    return maker(["材料"]) if maker else "材料".encode()


@pytest.fixture
def deadline() -> Iterator[None]:
    """A command that blocks (on a pipe, say) fails the case after 20 s instead of hanging the suite."""

    def timeout(signum: int, frame: Any) -> None:
        raise TimeoutError("a command blocked")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_hostile_case(case: Path, tmp_path: Path, deadline: None) -> None:
    spec = json.loads((case / "case.json").read_text("utf-8"))
    root = make_workspace(tmp_path / "ws", evidence=False)
    build(root, spec["tree"])
    status = invoke("status", "--format", "json", "--as-of", spec["as_of"], "--root", str(root))
    validate = invoke("validate", "--format", "json", "--root", str(root))
    for result in (status, validate):
        assert "Traceback" not in result.output, result.output
        for text in spec.get("never", []):
            assert text not in result.output, f"{case.name}: “{text}” leaked"
    assert status.exit_code == 0, status.output
    diffs = compare(json.loads(status.stdout), spec["status"])
    assert not diffs, "\n".join([f"case {case.name}:", *diffs])
    want = spec["validate"]
    assert validate.exit_code == want["exit"], validate.output
    reported = {(p["path"], p["code"]) for p in json.loads(validate.stdout)["problems"]}
    missing = {(path, code) for path, code in want.get("problems", [])} - reported
    assert not missing, f"case {case.name}: validate did not report {sorted(missing)}"


def test_hostile_corpus_is_there() -> None:
    assert len(CASES) >= 8
    for case in CASES:
        spec = json.loads((case / "case.json").read_text("utf-8"))
        assert spec["description"] and spec["tree"] and "status" in spec and "validate" in spec, case
