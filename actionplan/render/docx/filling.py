"""How docxtpl fills in a Word template here: each template's XML compiled and cleaned once
per process (`environment`, `template_class`), values never read as template syntax, the
filled-in body refused when it is not well-formed, and worked on — in pieces when it is large
(body.py) — before python-docx writes it: languages tagged, widths shared, bookmarks and
pictures numbered apart.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ...errors import ActionPlanError
from .body import Body, Bookmarks, cut, number_bookmarks, pieces
from .package import Stretch, tag_languages
from .tables import keep_rows_together_in, share_widths

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HINT = ("a markdown field placed inside a line of text breaks the document; place it with "
         "`{{p field }}` in a paragraph of its own")


@lru_cache(maxsize=1)
def environment() -> Any:
    from jinja2 import Environment, StrictUndefined

    class CachingEnvironment(Environment):  # type: ignore[misc]
        """Compiles each template source once per process: the template XML is the same for
        every plan, and compiling it is most of docxtpl's work."""

        _compiled: dict[str, Any] = {}

        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            if globals is not None or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            template = self._compiled.get(source)
            if template is None:
                if len(self._compiled) > 64:
                    self._compiled.clear()
                template = self._compiled[source] = super().from_string(source)
            return template

    return CachingEnvironment(autoescape=True, undefined=StrictUndefined)


@lru_cache(maxsize=1)
def template_class() -> type:
    from docxtpl import DocxTemplate

    patched: dict[str, str] = {}

    class Template(DocxTemplate):  # type: ignore[misc]
        def patch_xml(self, src_xml: str) -> str:
            # the same template XML gives the same patched XML: clean it once per process
            result = patched.get(src_xml)
            if result is None:
                if len(patched) > 64:
                    patched.clear()
                result = patched[src_xml] = super().patch_xml(src_xml)
            return result

        def render_xml_part(self, src_xml: str, part: Any, context: dict[str, Any],
                            jinja_env: Any = None) -> str:
            # docxtpl's own, without its rewriting of `{_{`, `%_}` … in the *output*, which
            # would change values that happen to contain them
            src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
            self.current_rendering_part = part
            dst_xml = jinja_env.from_string(src_xml).render(context)
            dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
            # tabs and line breaks in values become w:tab and w:br; most parts have none
            if re.search("[\t\n\a\f]", dst_xml):
                dst_xml = self.resolve_listing(dst_xml)
            return dst_xml

        pieces: list[bytes] | None = None
        """The body's XML written out piece by piece (`body.pieces`), when it was large."""
        _assembled: Any = None

        def build_xml(self, context: dict[str, Any], jinja_env: Any = None) -> Any:
            # docxtpl's `render` keeps what this returns until it ends: a holder that
            # `fix_tables` empties, so the body's text (some 40 MB at 200 plans) is not kept
            # beside its tree
            return Body(super().build_xml(context, jinja_env))

        def fix_tables(self, body: Any) -> Any:
            # docxtpl parses the filled-in body with recover=True, which silently drops what
            # does not parse (and everything after it); refuse such a body instead
            from lxml import etree

            xml = body.take() if isinstance(body, Body) else body
            xml = xml.encode("utf-8")  # half the size of the text, which goes now
            split = cut(xml)  # a large body in pieces (body.py); the same XML in the end
            if split is not None:
                ids: int = self.docx_ids_index  # type: ignore[has-type]  # docxtpl's count
                stretch, marks = Stretch(), Bookmarks()
                try:
                    self._assembled, self.pieces = pieces(*split, lambda piece: self._work(
                        piece, stretch, marks, whole=False))
                    return self._assembled
                except etree.XMLSyntaxError:  # said as for the whole body, where it is
                    del split
                    self.docx_ids_index, self.pieces = ids, None
            return self._work(xml, Stretch(), Bookmarks(), whole=True)

        def _work(self, xml: bytes, stretch: Stretch, marks: Bookmarks, whole: bool) -> Any:
            from lxml import etree

            try:
                tree = etree.fromstring(xml)
            except etree.XMLSyntaxError as exc:
                if not whole:
                    raise
                raise ActionPlanError(f"the filled-in Word template is not well-formed XML "
                                      f"({exc}); check its tags: {_HINT}") from exc
            if tree.xpath("//w:t/*", namespaces={"w": W[1:-1]}):
                raise ActionPlanError(_HINT)
            del tree  # a consolidated body of 200 plans is some 200 MB parsed: one at a time
            tree = super().fix_tables(xml)
            del xml
            tag_languages(tree, stretch)
            share_widths(tree)
            number_bookmarks(tree, marks)
            if not whole:  # what docxtpl and `_render` do to the whole body afterwards
                super().fix_docpr_ids(tree)
                keep_rows_together_in(tree)
            return tree

        def fix_docpr_ids(self, tree: Any) -> None:
            if tree is not self._assembled:  # the pieces had theirs
                super().fix_docpr_ids(tree)

    return Template
