"""The review state machine over (files, decisions), with files and decisions held in memory."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

from fzcj.review.fingerprint import Stamp, unchanged
from fzcj.review.records import Decision, Verdict
from fzcj.review.states import Review, ReviewState, in_force, review_of, state_of

TZ = dt.timezone(dt.timedelta(hours=8))
A = "027/区司法局/1-说明.docx"
B = "027/区司法局/1-补充.pdf"
NOTE = "027/区司法局/不涉及.txt"
CONTENT = {A: b"first", B: b"second", NOTE: "本单位不涉及".encode()}


def sha(path: str, size: int = 0, mtime: int | None = None) -> str:
    return hashlib.sha256(CONTENT[path]).hexdigest()


def stamp(path: str, mtime: int = 100) -> Stamp:
    return (path, len(CONTENT[path]), mtime)


def decide(
    verdict: Verdict, minute: int, *paths: str, by: str = "张三", undoes: str | None = None
) -> Decision:
    at = dt.datetime(2022, 6, 15, 10, minute, tzinfo=TZ)
    rows = [[p, len(CONTENT[p]), 100, sha(p)] for p in paths]
    name = f"{at:%Y-%m-%dT%H%M%S}-27.1-区司法局.json"
    reason = "缺少盖章页" if verdict is Verdict.return_ else None
    return Decision("27.1", "区司法局", verdict, by, at, reason, rows, undoes, name)


def review(
    files: list[Stamp], history: list[Decision], *, counted: bool = True, waived: bool = False
) -> Review:
    return review_of(counted=counted, waived=waived, files=files, history=history, digest=sha)


def test_files_without_a_decision_are_submitted() -> None:
    assert review([stamp(A)], []).state is ReviewState.submitted
    assert review([stamp(A)], []).decision is None


def test_no_counted_file_is_missing_whatever_was_decided() -> None:
    assert review([], [decide(Verdict.accept, 0, A)], counted=False).state is ReviewState.missing


def test_an_accept_of_the_files_as_they_are_is_accepted() -> None:
    assert review([stamp(A)], [decide(Verdict.accept, 0, A)]).state is ReviewState.accepted


def test_files_changed_after_an_accept_are_changed() -> None:
    accepted = decide(Verdict.accept, 0, A)
    CONTENT[A] = b"rewritten"
    try:
        assert review([stamp(A, mtime=200)], [accepted]).state is ReviewState.changed
    finally:
        CONTENT[A] = b"first"


def test_a_new_time_with_the_same_bytes_is_not_a_change() -> None:
    """A copy or a git checkout sets a new modification time: the hash decides."""
    assert review([stamp(A, mtime=999)], [decide(Verdict.accept, 0, A)]).state is ReviewState.accepted


def test_a_returned_item_stays_returned_until_the_files_change() -> None:
    returned = decide(Verdict.return_, 0, A)
    assert review([stamp(A)], [returned]).state is ReviewState.returned
    assert review([stamp(A)], [returned]).decision == returned


def test_a_new_file_after_a_return_puts_the_item_back_in_the_queue() -> None:
    state = review([stamp(B), stamp(A)], [decide(Verdict.return_, 0, A)]).state
    assert state is ReviewState.changed and state.pending


def test_a_removed_file_is_a_change() -> None:
    assert review([stamp(A)], [decide(Verdict.accept, 0, A, B)]).state is ReviewState.changed


def test_undo_withdraws_the_decision_in_force_and_is_kept() -> None:
    accepted = decide(Verdict.accept, 0, A)
    undo = decide(Verdict.undo, 1, undoes=accepted.name)
    assert review([stamp(A)], [accepted, undo]).state is ReviewState.submitted


def test_undo_brings_back_the_decision_before() -> None:
    returned = decide(Verdict.return_, 0, A)
    accepted = decide(Verdict.accept, 1, A, by="李四")
    undo = decide(Verdict.undo, 2, undoes=accepted.name)
    assert review([stamp(A)], [returned, accepted, undo]).decision == returned


def test_two_reviewers_the_later_time_wins_in_either_order() -> None:
    early_accept, late_return = decide(Verdict.accept, 0, A), decide(Verdict.return_, 5, A, by="李四")
    early_return, late_accept = decide(Verdict.return_, 0, A, by="李四"), decide(Verdict.accept, 5, A)
    for history in ([early_accept, late_return], [late_return, early_accept]):
        assert review([stamp(A)], history).state is ReviewState.returned
    for history in ([early_return, late_accept], [late_accept, early_return]):
        assert review([stamp(A)], history).state is ReviewState.accepted


def test_a_waiver_note_waits_for_review_and_can_be_accepted_or_returned() -> None:
    note = [stamp(NOTE)]
    assert review(note, [], counted=False, waived=True).state is ReviewState.waived
    assert review(note, [], counted=False, waived=True).state.pending
    accepted = review(note, [decide(Verdict.accept, 0, NOTE)], counted=False, waived=True)
    assert accepted.state is ReviewState.accepted
    returned = review(note, [decide(Verdict.return_, 0, NOTE)], counted=False, waived=True)
    assert returned.state is ReviewState.returned


def test_the_json_of_a_review_is_null_without_a_decision() -> None:
    assert Review(ReviewState.submitted).to_json() is None
    data = review([stamp(A)], [decide(Verdict.return_, 0, A)]).to_json()
    assert data == {
        "state": "returned",
        "decision": "return",
        "reason": "缺少盖章页",
        "by": "张三",
        "at": "2022-06-15T10:00:00+08:00",
    }


def test_in_force_reads_newest_first_and_stops_at_the_decision() -> None:
    """The status reads records from disk newest first: it stops at the decision in force."""
    seen = []
    decisions = [decide(Verdict.accept, 2, A), decide(Verdict.return_, 1, A), decide(Verdict.accept, 0, A)]

    def lazily() -> Iterator[Decision]:
        for d in decisions:
            seen.append(d)
            yield d

    assert in_force(lazily()) == decisions[0]
    assert seen == decisions[:1]


def test_state_of_covers_every_state() -> None:
    accept, ret = decide(Verdict.accept, 0, A), decide(Verdict.return_, 0, A)
    got = {
        state_of(counted=False, waived=False, decision=None, same_files=True),
        state_of(counted=True, waived=False, decision=None, same_files=True),
        state_of(counted=False, waived=True, decision=None, same_files=True),
        state_of(counted=True, waived=False, decision=accept, same_files=True),
        state_of(counted=True, waived=False, decision=ret, same_files=True),
        state_of(counted=True, waived=False, decision=ret, same_files=False),
    }
    assert got == set(ReviewState)


def test_a_hand_edited_row_of_another_shape_is_a_change_not_a_crash() -> None:
    assert not unchanged([["x"]], [stamp(A)], sha)
    assert not unchanged([5], [stamp(A)], sha)
