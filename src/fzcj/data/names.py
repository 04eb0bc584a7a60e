"""Normalising names typed by people: full-width digits and brackets, stray spaces."""

from __future__ import annotations

import difflib
import functools
import unicodedata


@functools.lru_cache(maxsize=4096)  # the same few hundred names are compared thousands of times
def normalize(name: str) -> str:
    """The form used to compare names: NFKC (full-width → half-width) without any white space."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def task_key(task_id: str) -> str:
    """How task ids compare: ``27``, ``027`` and ``２７`` are one task, ``b1`` and ``B1`` too."""
    key = normalize(task_id).upper()
    return key.lstrip("0") or key if key.isdigit() else key


def suggest(name: str, candidates: list[str], *, limit: int = 3) -> list[str]:
    """Close matches for a misspelt name, by normalised spelling; also names that contain it."""
    wanted = normalize(name)
    by_key = {normalize(c): c for c in candidates}
    close = difflib.get_close_matches(wanted, list(by_key), n=limit, cutoff=0.5)
    found = [by_key[k] for k in close]
    if wanted:
        found += [c for k, c in by_key.items() if wanted in k and c not in found]
    return found[:limit]


def did_you_mean(name: str, candidates: list[str]) -> str:
    """A Chinese "did you mean" clause, or an empty string."""
    found = suggest(name, candidates)
    if not found:
        return ""
    return "，是不是「" + "」或「".join(found) + "」？"
