"""The records of one workspace, read in one pass: which decisions exist for which (task, unit, item).

Listing ``reviews/`` gives every record's time, item and unit from its name; the status then reads only
the records it needs (for each pair, the newest ones down to the decision in force), however long the
history. A record whose content does not match its name, or cannot be read, is skipped here and
reported by ``fzcj validate`` (:mod:`.checks`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fzcj.data.names import normalize, task_key
from fzcj.data.plan import Plan, PlannedMaterial, PlannedTask
from fzcj.data.workspace import Workspace
from fzcj.evidence.index import EvidenceIndex, Key
from fzcj.review.fingerprint import Digest, stamps_now, unchanged
from fzcj.review.hash_cache import HashCache
from fzcj.review.records import FOLDER, ORDER, STAMP, Decision, Fault, RecordName, list_names, parse_record
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
        named: dict[tuple[str, str], list[RecordName]] = {}
        for record in records:  # oldest first, and so stays each pair's list
            pair = (record[2], record[3])
            if pair in named:
                named[pair].append(record)
            else:
                named[pair] = [record]
        for (item, unit_name), history in named.items():
            material = material_of(workspace.plan, item)
            unit = workspace.directory.unit(unit_name)
            if material is None or unit is None or unit not in material.providers:
                continue  # validate reports it
            key = (material.task_id, unit, material.number)
            if key in book.names:  # the same pair spelt two ways (027.1, 27.1)
                history = sorted(book.names[key] + history, key=ORDER)
            book.names[key] = history
        return book

    def __bool__(self) -> bool:
        return bool(self.names)

    def decision(self, record: RecordName) -> Decision | None:
        """The decision of one record, or None when it cannot be read or does not match its name."""
        if record.name in self._parsed:
            return self._parsed[record.name]
        decision: Decision | None
        try:
            with open(os.path.join(self.folder, record.name), "rb") as handle:
                decision = parse_record(handle.read(), record.name, head=True)
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

    def task_history(self, task: PlannedTask) -> tuple[Decision, ...]:
        """Every readable decision on the items of a task that holds materials, oldest first."""
        keys = [(task.id, unit, m.number) for m in task.materials for unit in m.providers]
        return tuple(sorted((d for key in keys for d in self.history(key)), key=lambda d: d.order))

    def full(self, decision: Decision) -> Decision:
        """``decision`` with its fingerprint rows (read again when only its head was read)."""
        if decision.rows_read:
            return decision
        try:
            return parse_record((self.folder / decision.name).read_bytes(), decision.name)
        except (OSError, Fault):
            return decision  # no rows: it matches no files

    def judge(self, index: EvidenceIndex, evidence: Path) -> dict[Key, Review]:
        """The review of every pair that has decisions, against the files the walk found (scanned
        with ``stamps``)."""
        hashes = HashCache.for_tree(evidence)
        digest = hashes.digest(index.disk_paths)
        judged = {key: self.review(key, index, evidence, digest) for key in self.names}
        hashes.save()
        return judged

    def review(self, key: Key, index: EvidenceIndex, evidence: Path, digest: Digest) -> Review:
        """:func:`fzcj.review.states.review_of`, reading only the records it needs, and their rows
        only when the walk's tally of the files differs from the record's."""
        decision = in_force(self.latest_first(key))
        counted = index.counted.get(key, 0) > 0
        waived = index.waiver_of(*key) is not None
        same = decision is not None and self._same_files(decision, key, index, evidence, digest)
        return Review(state_of(counted=counted, waived=waived, decision=decision, same_files=same), decision)

    def _same_files(
        self, decision: Decision, key: Key, index: EvidenceIndex, evidence: Path, digest: Digest
    ) -> bool:
        now = index.tally_of(key)
        check = now.check()
        if check is not None and decision.check is not None:
            if check == decision.check:
                return True
            if decision.check.partition(":")[0] != str(now.count):
                return False  # a file was added or removed
        rows = self.full(decision).files
        return unchanged(rows, stamps_now(evidence, index.judged_files(key), index.disk_paths), digest)


def submitted_at(index: EvidenceIndex, key: Key) -> dt.datetime | None:
    """When the unit last changed what it filed for the item: its newest file's modification time."""
    newest = index.tally_of(key).newest
    return dt.datetime.fromtimestamp(newest / 1e9).astimezone() if newest else None


def matches_name(decision: Decision, record: RecordName) -> bool:
    """The record says what its name says (the name decides the order, the content the rest)."""
    same_item = decision.item == record.item or task_key(decision.item) == task_key(record.item)
    return (
        same_item and normalize(decision.unit) == normalize(record.unit) and _stamp(decision) == record.stamp
    )


def _stamp(decision: Decision) -> str:
    return decision.at.strftime(STAMP)
