"""What an intake did (or, as a preview, would do) with every file: the values every output reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Outcome(StrEnum):
    new = "new"
    updated = "updated"
    received = "received"
    unplaced = "unplaced"
    skipped = "skipped"

    @property
    def label(self) -> str:
        return {
            "new": "新收到",
            "updated": "更新",
            "received": "已收到",
            "unplaced": "未收取",
            "skipped": "已忽略",
        }[self.value]

    @property
    def stored(self) -> bool:
        """Whether the file is (or would be) copied into evidence/."""
        return self in (Outcome.new, Outcome.updated)


@dataclass(frozen=True)
class IntakeItem:
    """One file of what a unit sent, and what became of it.

    ``destination`` is relative to evidence/ (for 已收到, the file already there with the same content);
    ``reason`` says why a file was not taken, or remarks on one that was; ``fault`` is the content check's
    finding (a PDF that is none): such a file is still taken, and flagged.
    """

    source: str
    outcome: Outcome
    task: str | None = None
    unit: str | None = None
    item: int | None = None
    waiver: bool = False
    destination: str | None = None
    reason: str = ""
    fault: str | None = None
    sha256: str | None = None
    skip_kind: str | None = None
    """Why a file was set aside before placing: ``junk`` and ``fzcj`` (a file fzcj itself sent out: a
    材料要求.txt, the checklist, the guide) are 已忽略; ``unsupported`` (a .rar, a .7z), ``undecodable`` and
    ``duplicate`` are 未收取."""

    @property
    def material(self) -> str:
        """``27.2``; ``27 不涉及`` for a note covering the whole task; "" when not placed."""
        if self.task is None or self.item is None:
            return ""
        if self.waiver:
            return f"{self.task} 不涉及" if self.item == 0 else f"{self.task}.{self.item} 不涉及"
        return f"{self.task}.{self.item}"

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "outcome": self.outcome.value,
            "task": self.task,
            "unit": self.unit,
            "item": self.item,
            "waiver": self.waiver,
            "destination": f"evidence/{self.destination}" if self.destination else None,
            "reason": self.reason or None,
            "content_fault": self.fault,
            "sha256": self.sha256,
            "skip_kind": self.skip_kind,
        }


@dataclass(frozen=True)
class IntakeResult:
    """The whole intake: the source, the unit, every file, and (after ``--apply``) the record written."""

    source_name: str
    source_sha256: str | None
    unit: str | None
    unit_source: str
    wrappers: tuple[str, ...]
    items: tuple[IntakeItem, ...]
    applied: bool
    when: dt.datetime
    record: Path | None = None
    """The intake record written (relative to the workspace), when anything was stored."""
    receipt: Path | None = None
    """The 回执 written with ``--receipt`` (relative to the workspace)."""
    recovered: tuple[tuple[str, str], ...] = ()
    """Names another tool had garbled, as read back: (``▒⌡║╙╒≥``, ``滨河镇``)."""
    interrupted: bool = False
    """Ctrl-C came while the files were being stored: the intake was finished (and recorded) all the same."""

    def count(self, outcome: Outcome) -> int:
        return sum(item.outcome is outcome for item in self.items)

    @property
    def faults(self) -> tuple[IntakeItem, ...]:
        return tuple(item for item in self.items if item.fault is not None)

    def summary(self) -> str:
        """``新收到 3 个，更新 1 个，已收到 2 个，未收取 1 个，已忽略 2 个；内容有问题 1 个``."""
        text = "，".join(f"{o.label} {self.count(o)} 个" for o in Outcome)
        return text + (f"；内容有问题 {len(self.faults)} 个" if self.faults else "")

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source_name,
            "source_sha256": self.source_sha256,
            "unit": self.unit,
            "unit_source": self.unit_source,
            "wrappers": list(self.wrappers),
            "applied": self.applied,
            "time": self.when.isoformat(timespec="seconds"),
            "record": self.record.as_posix() if self.record else None,
            "receipt": self.receipt.as_posix() if self.receipt else None,
            "recovered_names": [{"garbled": garbled, "name": name} for garbled, name in self.recovered],
            "interrupted": self.interrupted,
            "counts": {o.value: self.count(o) for o in Outcome} | {"content_faults": len(self.faults)},
            "files": [item.to_json() for item in self.items],
        }
