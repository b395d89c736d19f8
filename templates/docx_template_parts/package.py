"""Assembling a template: python-docx's blank document with our styles, numbering, fonts,
settings and theme, the body and headers from the other modules, A4 page set-up, and the
section breaks completed; saved as a reproducible zip (every entry stamped 1980-01-01).
"""

from __future__ import annotations

import copy
import datetime as dt
import io

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Twips

from actionplan.render.docx.package import reproducible_zip

from .identity import FOOTER_DISTANCE, HEADER_DISTANCE, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_H, PAGE_W
from .ooxml import NS, para
from .styles import font_table_xml, numbering_xml, settings_xml, styles_xml, theme


def app_xml(template: str) -> str:
    """docProps/app.xml: the template's name, and actionplan as the application."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Template>{template}</Template><Application>actionplan</Application>"
        "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>")


def package(body: list[str], *, header: list[str], footer: list[str],
            first_header: list[str], first_footer: list[str], title: str,
            template: str = "action-plan.docx") -> bytes:
    """A python-docx document with our parts, body, page set-up and headers; its bytes."""
    doc = Document()
    part = doc.part
    # keep only what a template needs; python-docx's default carries a thumbnail, customXml,
    # stylesWithEffects and webSettings that no one edits
    for rid, rel in list(part.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in ("stylesWithEffects", "webSettings", "customXml"):
            part.drop_rel(rid)
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]

    part._styles_part._element = parse_xml(styles_xml().encode())
    part.numbering_part._element = parse_xml(numbering_xml().encode())
    part._settings_part._element = parse_xml(settings_xml().encode())
    for rel in part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = font_table_xml().encode()
        elif rel.reltype == RT.THEME:
            rel.target_part._blob = theme(rel.target_part.blob)
    for rel in package_rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = app_xml(template).encode()

    section = doc.sections[0]
    section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    section.left_margin = section.right_margin = Twips(MARGIN_X)
    section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.header_distance = Twips(HEADER_DISTANCE)
    section.footer_distance = Twips(FOOTER_DISTANCE)
    section.different_first_page_header_footer = True
    for story, paragraphs in ((section.header, header), (section.footer, footer),
                              (section.first_page_header, first_header),
                              (section.first_page_footer, first_footer)):
        story.is_linked_to_previous = False
        _replace_children(story._element, paragraphs or [para()])
    sect_pr = doc.element.body.sectPr
    for attr in list(sect_pr.attrib):
        del sect_pr.attrib[attr]  # python-docx's rsid attributes
    body_xml = parse_xml(f"<w:body {NS}>{''.join(body)}</w:body>".encode())
    for child in list(body_xml):
        sect_pr.addprevious(child)
    _complete_sections(doc.element.body, sect_pr)

    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "actionplan", "actionplan"
    props.comments = "Interreg Europe action plan template, filled in by `actionplan render`."
    props.subject = props.keywords = props.category = ""
    props.revision = 1
    props.created = props.modified = dt.datetime(2024, 1, 1)
    props.language = "en"
    out = io.BytesIO()
    doc.save(out)
    return reproducible_zip(out.getvalue())  # stamped 1980-01-01


def _complete_sections(body: object, last: object) -> None:
    """Fill in the section breaks of `ooxml.section_end` from the document's section properties
    (`last`, which python-docx gave the page set-up and the headers): the first section keeps
    the headers, footers and title page; every later one inherits the running header and
    footer, as does the last."""
    marks = body.xpath("./w:p/w:pPr/w:sectPr")  # type: ignore[attr-defined]
    if not marks:
        return
    for n, mark in enumerate(marks):
        landscape = mark.find(qn("w:pgSz")).get(qn("w:orient")) == "landscape"
        props = copy.deepcopy(last)
        if n:
            _inherit_headers(props)
        size = props.find(qn("w:pgSz"))
        size.set(qn("w:w"), str(PAGE_H if landscape else PAGE_W))
        size.set(qn("w:h"), str(PAGE_W if landscape else PAGE_H))
        if landscape:
            size.set(qn("w:orient"), "landscape")
        mark.getparent().replace(mark, props)
    _inherit_headers(last)


def _inherit_headers(sect_pr: object) -> None:
    """Drop a section's own headers, footers and title page: it inherits the previous ones."""
    for child in list(sect_pr):  # type: ignore[call-overload]
        if child.tag in (qn("w:headerReference"), qn("w:footerReference"), qn("w:titlePg")):
            sect_pr.remove(child)  # type: ignore[attr-defined]


def _replace_children(element: object, paragraphs: list[str]) -> None:
    """Replace the content of a header or footer with `paragraphs`."""
    for child in list(element):  # type: ignore[call-overload]
        element.remove(child)  # type: ignore[attr-defined]
    holder = parse_xml(f"<w:hdr {NS}>{''.join(paragraphs)}</w:hdr>".encode())
    for child in list(holder):
        element.append(child)  # type: ignore[attr-defined]
