"""The state of one unit's item under review: a pure function of its files and the decisions on it.

| state       | meaning                                                          |
|-------------|------------------------------------------------------------------|
| missing     | no counted file and no 不涉及 note                               |
| submitted   | 待审核: files, no decision yet (or every decision withdrawn)     |
| waived      | a 不涉及 note, no decision yet                                   |
| accepted    | 已通过: the latest decision accepts the files as they still are  |
| returned    | 已退回: the latest decision returns them, and they have not changed |
| changed     | 待复审: the files differ from what the latest decision judged     |

The latest decision wins by its time; an undo withdraws the decision it names (the latest one when it
was made), and is itself a decision on record, so nothing is ever erased.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from fzcj.review.fingerprint import Digest, Stamp, unchanged
from fzcj.review.records import Decision, Verdict


class ReviewState(StrEnum):
    missing = "missing"
    submitted = "submitted"
    waived = "waived"
    accepted = "accepted"
    returned = "returned"
    changed = "changed"

    @property
    def label(self) -> str:
        return {
            "missing": "未提供",
            "submitted": "待审核",
            "waived": "不涉及待审核",
            "accepted": "已通过",
            "returned": "已退回",
            "changed": "待复审",
        }[self.value]

    @property
    def pending(self) -> bool:
        """Waiting for the office: never judged, or changed since."""
        return self in (ReviewState.submitted, ReviewState.waived, ReviewState.changed)


@dataclass(frozen=True)
class Review:
    """A provider's review: its state and the decision in force (None when there is none)."""

    state: ReviewState
    decision: Decision | None = None

    def to_json(self) -> dict[str, object] | None:
        if self.decision is None:
            return None
        return {"state": self.state.value, **self.decision.to_json()}


def in_force(latest_first: Iterable[Decision]) -> Decision | None:
    """The decision in force: the latest accept or return that no later undo withdrew. Decisions come
    newest first, so a caller reading records from disk stops reading at the one in force."""
    withdrawn: set[str] = set()
    for decision in latest_first:
        if decision.verdict is Verdict.undo:
            if decision.undoes:
                withdrawn.add(decision.undoes)
        elif decision.name not in withdrawn:
            return decision
    return None


def state_of(*, counted: bool, waived: bool, decision: Decision | None, same_files: bool) -> ReviewState:
    """The state from the facts: whether files count, whether a 不涉及 note waives the item, the decision
    in force, and whether the files are those it judged."""
    if not counted and not waived:
        return ReviewState.missing
    if decision is None:
        return ReviewState.submitted if counted else ReviewState.waived
    if not same_files:
        return ReviewState.changed
    return ReviewState.accepted if decision.verdict is Verdict.accept else ReviewState.returned


def review_of(
    *,
    counted: bool,
    waived: bool,
    files: Sequence[Stamp],
    history: Sequence[Decision],
    digest: Digest,
) -> Review:
    """The review of one unit's item: files as they are (``files``: the fingerprint's paths, in order),
    its decisions (in any order: the later time wins, then the later record of the same second) and a
    way to hash a file when a stamp alone cannot tell."""
    ordered = sorted(history, key=lambda d: d.order)
    decision = in_force(reversed(ordered))
    same = decision is not None and unchanged(decision.files, files, digest)
    return Review(state_of(counted=counted, waived=waived, decision=decision, same_files=same), decision)
