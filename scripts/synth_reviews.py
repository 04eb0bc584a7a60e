"""Add a deterministic history of review decisions to a synthetic workspace (see synth_tree.py).

    python scripts/synth_reviews.py WORKSPACE --records 10000 [--seed 0]

The records are spread over every (task, unit, item) that has files, oldest first, a few hours apart.
Older decisions judged a few of the files (as if fewer had been filed then); the last one decides the
state the status will find: about 67 % accepted as the files are, 15 % returned, 3 % accepted with one
file's time changed since (a copy or a re-save: the status compares that item file by file and hashes
that file), 10 % accepted before a file was added (changed), 5 % accepted and then undone. Records are written directly (no fsync):
this is test data, written once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from fzcj.data.workspace import load  # noqa: E402
from fzcj.evidence.walk import scan  # noqa: E402
from fzcj.review.records import FOLDER, STAMP, Decision, Verdict, record_bytes  # noqa: E402

TZ = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2022, 5, 1, 9, 0, tzinfo=TZ)
REASONS = ("缺少盖章页", "时间范围不符", "不是原件扫描件", "与指标要求不对应")


def make_reviews(root: Path, records: int, seed: int = 0) -> int:
    """Write ``records`` decision files under ``root/reviews``; returns how many were written."""
    workspace = load(root)
    index = scan(workspace)
    ids = {(t.id, m.number): m.id for t in workspace.plan.tasks for m in t.materials}
    pairs = sorted(key for key, files in index.files.items() if files and index.counted.get(key))
    if not pairs or records <= 0:
        return 0
    evidence = workspace.evidence_dir
    rng = random.Random(seed)
    folder = root / FOLDER
    folder.mkdir(exist_ok=True)
    written = 0
    for n, key in enumerate(pairs):
        share = records // len(pairs) + (1 if n < records % len(pairs) else 0)
        if share == 0:
            continue
        rows = []
        for path in index.judged_files(key):
            st = (evidence / path).stat()
            digest = hashlib.sha256((evidence / path).read_bytes()).hexdigest()
            rows.append([path, st.st_size, st.st_mtime_ns, digest])
        at = START + dt.timedelta(minutes=n)
        roll = rng.random()
        history: list[tuple[Verdict, list[list[object]]]] = [
            (rng.choice((Verdict.accept, Verdict.return_)), rows[:3]) for _ in range(share - 1)
        ]
        if roll < 0.67:
            last = (Verdict.accept, rows)
        elif roll < 0.82:
            last = (Verdict.return_, rows)
        elif roll < 0.85:
            touched = [list(r) for r in rows]
            touched[0][2] = int(touched[0][2]) - 1_000_000_000  # one file's time moved, bytes the same
            last = (Verdict.accept, touched)
        elif roll < 0.95:
            last = (Verdict.accept, rows[:-1] if len(rows) > 1 else [[rows[0][0], 0, 0, "0" * 64]])
        else:
            last = (Verdict.undo, [])
            if history:
                history[-1] = (Verdict.accept, rows)
        history.append(last)
        previous = ""
        for verdict, files in history:
            at += dt.timedelta(hours=rng.randint(1, 30))
            reason = rng.choice(REASONS) if verdict is Verdict.return_ else None
            undoes = previous if verdict is Verdict.undo else None
            decision = Decision(ids[(key[0], key[2])], key[1], verdict, "基准测试", at, reason, files, undoes)
            name = f"{at.strftime(STAMP)}-{decision.item}-{decision.unit}.json"
            (folder / name).write_bytes(record_bytes(decision))
            previous = name
            written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="a workspace made by synth_tree.py")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(f"{make_reviews(args.root, args.records, args.seed)} records in {args.root / FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
