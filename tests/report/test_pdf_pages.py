"""Page counts read from a PDF's bytes (for the 目录): given only when certain, never guessed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fzcj.report.pdf_pages import KEEP, PageCounter, count_pages


def _pdf(pages: int, *, tree: str = "", body: bytes = b"", tail: bytes = b"") -> bytes:
    """A PDF written once: a catalog, a page tree of ``pages`` pages, one xref section."""
    kids = " ".join(f"{n + 3} 0 R" for n in range(pages))
    objects = [
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        f"2 0 obj\n<< /Type /Pages /Kids [{kids}] /Count {pages}{tree} >>\nendobj\n".encode(),
        *(f"{n + 3} 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>\nendobj\n".encode() for n in range(pages)),
    ]  # fmt: skip
    return (
        b"%PDF-1.4\n"
        + b"".join(objects)
        + body
        + b"xref\n0 1\ntrailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"
        + tail
    )


def _fed(data: bytes, cuts: list[int]) -> int | None:
    counter = PageCounter()
    last = 0
    for cut in sorted(set(cuts)):
        counter.feed(memoryview(data)[last:cut])
        last = cut
    counter.feed(data[last:], final=True)
    return counter.pages()


def test_a_pdf_written_once_has_as_many_pages_as_its_page_objects_and_tree_say() -> None:
    assert count_pages(_pdf(3)) == 3
    assert count_pages(_pdf(1)) == 1


def test_the_page_tree_node_is_not_counted_as_a_page() -> None:
    data = _pdf(2).replace(b"/Type /Pages", b"/Type/Pages")
    assert count_pages(data) == 2


def test_pages_hidden_in_compressed_object_streams_give_no_count() -> None:
    hidden = _pdf(3).replace(b"<</Type/Page/Parent", b"<</Parent")  # as if packed in an /ObjStm
    assert count_pages(hidden) is None


def test_an_incrementally_updated_file_gives_no_count() -> None:
    """A page deleted and saved incrementally leaves the old page object behind."""
    update = b"2 0 obj\n<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>\nendobj\nxref\ntrailer\n<< /Prev 9 >>\nstartxref\n1\n%%EOF\n"
    assert count_pages(_pdf(3, tail=update)) is None


def test_a_linearized_file_counts_when_its_dictionary_agrees() -> None:
    linear = b"%PDF-1.4\n9 0 obj\n<< /Linearized 1 /N 3 /L 999 >>\nendobj\nstartxref\n0\n%%EOF\n"
    assert count_pages(linear + _pdf(3)[9:]) == 3
    assert count_pages(linear.replace(b"/N 3", b"/N 4") + _pdf(3)[9:]) is None


def test_a_page_tree_with_a_nested_dictionary_or_no_count_gives_none() -> None:
    assert count_pages(_pdf(2, tree=" /Resources << /Font 9 0 R >>")) is None
    assert count_pages(_pdf(2).replace(b" /Count 2", b"")) is None
    assert count_pages(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") is None


def test_page_words_in_text_make_the_numbers_disagree_and_give_none() -> None:
    assert (
        count_pages(_pdf(2, body=b"4 0 obj\n<< /Length 20 >>stream\n(/Type /Page) Tj\nendstream\nendobj\n"))
        is None
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=3 * KEEP), max_size=8), st.integers(0, 2 * KEEP))
def test_bytes_fed_in_any_chunks_count_as_the_whole(cuts: list[int], padding: int) -> None:
    body = b"4 0 obj\n<< /Length 9 >>stream\n" + b"\x00x" * padding + b"\nendstream\nendobj\n"
    data = _pdf(3, body=body)
    assert _fed(data, [c for c in cuts if c <= len(data)]) == count_pages(data) == 3
