"""The records of one workspace, read in one pass: which decisions exist for which (task, unit, item).

Listing ``reviews/`` gives every record's time, item and unit from its name; the status then reads only
the records it needs (for each pair, the newest ones down to the decision in force), however long the
history. A record whose content does not match its name, or cannot be read, is skipped here and
reported by ``fzcj validate`` (:mod:`.checks`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fzcj.data.names import normalize, task_key
from fzcj.data.plan import Plan, PlannedMaterial
from fzcj.data.workspace import Workspace
from fzcj.evidence.index import EvidenceIndex, Key
from fzcj.review.fingerprint import Digest, Stamp, digest_in, unchanged
from fzcj.review.records import FOLDER, STAMP, Decision, Fault, RecordName, list_names, parse_record
from fzcj.review.states import Review, in_force, state_of


def split_item(text: str) -> tuple[str, str] | None:
    """``27.1`` → (``27``, ``1``); full-width digits and dots too. None when there is no dot."""
    task, dot, number = normalize(text).rpartition(".")
    return (task, number) if dot and task and number else None


def material_of(plan: Plan, item: str) -> PlannedMaterial | None:
    """The material an item id names (``27.1``, ``加1.1``, ``B1.1``); for a task that shares another's
    materials (28 → 27) the referenced task's item of that number."""
    parts = split_item(item)
    task = plan.find(parts[0]) if parts else None
    if parts is None or task is None or not parts[1].isdigit():
        return None
    owner = plan.owner_of_materials(task)
    return next((m for m in owner.materials if m.number == int(parts[1])), None)


@dataclass
class ReviewBook:
    """Record names per (task, unit, item), oldest first; records are parsed when asked for."""

    folder: Path
    names: dict[Key, list[RecordName]] = field(default_factory=dict)
    _parsed: dict[str, Decision | None] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, workspace: Workspace) -> ReviewBook:
        folder = workspace.root / FOLDER
        book = cls(folder)
        records, _ = list_names(folder)
        found: dict[str, PlannedMaterial | None] = {}
        for record in records:
            key = record.item
            if key not in found:
                found[key] = material_of(workspace.plan, key)
            material = found[key]
            unit = workspace.directory.unit(record.unit)
            if material is None or unit is None or unit not in material.providers:
                continue  # validate reports it
            book.names.setdefault((material.task_id, unit, material.number), []).append(record)
        return book

    def __bool__(self) -> bool:
        return bool(self.names)

    def decision(self, record: RecordName) -> Decision | None:
        """The decision of one record, or None when it cannot be read or does not match its name."""
        if record.name in self._parsed:
            return self._parsed[record.name]
        decision: Decision | None
        try:
            decision = parse_record((self.folder / record.name).read_bytes(), record.name)
        except (OSError, Fault):
            decision = None
        if decision is not None and not matches_name(decision, record):
            decision = None
        self._parsed[record.name] = decision
        return decision

    def latest_first(self, key: Key) -> Iterator[Decision]:
        for record in reversed(self.names.get(key, [])):
            decision = self.decision(record)
            if decision is not None:
                yield decision

    def history(self, key: Key) -> list[Decision]:
        """Every readable decision on one pair, oldest first."""
        return list(reversed(list(self.latest_first(key))))

    def judge(self, index: EvidenceIndex, evidence: Path) -> dict[Key, Review]:
        """The review of every pair that has decisions, against the files the walk found (its index
        must hold their stamps)."""
        digest = digest_in(evidence)
        return {key: self.review(key, index, digest) for key in self.names}

    def review(self, key: Key, index: EvidenceIndex, digest: Digest) -> Review:
        """:func:`fzcj.review.states.review_of`, reading only the records it needs."""
        decision = in_force(self.latest_first(key))
        counted = index.counted.get(key, 0) > 0
        waived = index.waiver_of(*key) is not None
        same = decision is not None and unchanged(decision.files, current_stamps(index, key), digest)
        return Review(state_of(counted=counted, waived=waived, decision=decision, same_files=same), decision)


def submitted_at(index: EvidenceIndex, key: Key) -> dt.datetime | None:
    """When the unit last changed what it filed for the item: its newest file's modification time."""
    times = [index.stamps.get(path, (0, None))[1] for path in index.judged_files(key)]
    known = [t for t in times if t is not None]
    return dt.datetime.fromtimestamp(max(known) / 1e9).astimezone() if known else None


def current_stamps(index: EvidenceIndex, key: Key) -> list[Stamp]:
    stamps = index.stamps
    return [(path, *stamps.get(path, (-1, None))) for path in index.judged_files(key)]


def matches_name(decision: Decision, record: RecordName) -> bool:
    """The record says what its name says (the name decides the order, the content the rest)."""
    same_item = decision.item == record.item or task_key(decision.item) == task_key(record.item)
    return (
        same_item and normalize(decision.unit) == normalize(record.unit) and _stamp(decision) == record.stamp
    )


def _stamp(decision: Decision) -> str:
    return decision.at.strftime(STAMP)
