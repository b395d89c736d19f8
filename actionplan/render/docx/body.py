"""The filled-in body of a Word template between docxtpl's steps: its XML handed on once
(`Body`), and its bookmarks numbered apart (`number_bookmarks`)."""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Body:
    """The filled-in body's XML, handed from `build_xml` to `fix_tables` once."""

    def __init__(self, xml: str) -> None:
        self._xml: str | None = xml

    def take(self) -> str:
        xml, self._xml = self._xml, None
        assert xml is not None, "the body is taken once"
        return xml


def number_bookmarks(tree: Any) -> None:
    """Bookmarks repeated by a loop carry the template's id each time: number them all apart
    (in document order, each end with its start)."""
    if next(tree.iter(f"{W}bookmarkStart"), None) is None:
        return
    open_ids: dict[str, list[str]] = {}
    count = 0
    for element in tree.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd"):
        old = element.get(f"{W}id")
        if element.tag == f"{W}bookmarkStart":
            count += 1
            open_ids.setdefault(old, []).append(str(count))
            element.set(f"{W}id", str(count))
        elif open_ids.get(old):
            element.set(f"{W}id", open_ids[old].pop())
