"""The document-wide parts: styles.xml from the style table in `styles.toml`, the numbering of
the two lists, the font table, the settings and the theme.

The style table is data so that it reads as a table; this module only knows how each key of a
style becomes OOXML. It writes every property in the order the OOXML schema requires (Word
rejects a file whose `w:pPr` or `w:rPr` children are out of order), whatever the order of the
keys in the file.
"""

from __future__ import annotations

import re
from typing import Any

from .identity import ACCENT, BLUE, FALLBACK, FONT, HOUSE_STYLE, INK, LIST_INDENT, PALETTE, SYMBOLS, TEXT_W
from .ooxml import NS, border

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
BOLD = "<w:b/><w:bCs/>"

# The lists a paragraph style may start: their numId in `numbering_xml`.
LISTS = {"bullet": 1, "number": 2}

# The lengths a style may give by name rather than in twips.
NAMED_LENGTHS = {"text-width": TEXT_W, "list-indent": LIST_INDENT}

STYLE_KEYS = {"type", "id", "name", "based_on", "next", "ui_priority", "quick_style", "default"}
PARAGRAPH_KEYS = {"keep", "list", "border", "tab", "space_before", "space_after", "line_spacing",
                  "line_exact", "indent", "contextual_spacing", "align", "outline_level"}
RUN_KEYS = {"bold", "italic", "caps", "color", "letter_spacing", "kern_from", "size", "underline"}
TABLE_KEYS = {"table_indent", "table_borders", "cell_margins", "first_row", "first_column"}
SPACING_KEYS = {"space_before", "space_after", "line_spacing", "line_exact"}


# --- property writers -----------------------------------------------------------------------

def _twips(points: float) -> int:
    return round(points * 20)


def _length(value: int | str) -> int:
    return NAMED_LENGTHS[value] if isinstance(value, str) else value


def paragraph_properties(props: dict[str, Any]) -> str:
    """The children of a `w:pPr` for the paragraph keys of a style (see styles.toml)."""
    xml = ""
    if props.get("keep"):
        xml += "<w:keepNext/><w:keepLines/>"
    if "list" in props:
        xml += f'<w:numPr><w:numId w:val="{LISTS[props["list"]]}"/></w:numPr>'
    if "border" in props:
        line = props["border"]
        rule = border(line["side"], PALETTE[line["color"]], round(line["width"] * 8), line["space"])
        xml += f"<w:pBdr>{rule}</w:pBdr>"
    if "tab" in props:
        tab = props["tab"]
        xml += f'<w:tabs><w:tab w:val="{tab["align"]}" w:pos="{_length(tab["at"])}"/></w:tabs>'
    if SPACING_KEYS & props.keys():
        xml += (f'<w:spacing w:before="{_twips(props.get("space_before", 0))}" '
                f'w:after="{_twips(props.get("space_after", 0))}"')
        if "line_spacing" in props:
            xml += f' w:line="{round(props["line_spacing"] * 240)}" w:lineRule="auto"'
        elif "line_exact" in props:
            xml += f' w:line="{_twips(props["line_exact"])}" w:lineRule="exact"'
        xml += "/>"
    if "indent" in props:
        indent = props["indent"]
        hanging = f' w:hanging="{indent["hanging"]}"' if "hanging" in indent else ""
        xml += f'<w:ind w:left="{_length(indent["left"])}"{hanging}/>'
    if props.get("contextual_spacing"):
        xml += "<w:contextualSpacing/>"
    if "align" in props:
        xml += f'<w:jc w:val="{props["align"]}"/>'
    if "outline_level" in props:
        xml += f'<w:outlineLvl w:val="{props["outline_level"]}"/>'
    return xml


def run_properties(props: dict[str, Any]) -> str:
    """The children of a `w:rPr` for the run keys of a style (see styles.toml)."""
    xml = ""
    if props.get("bold"):
        xml += BOLD
    if props.get("italic"):
        xml += "<w:i/><w:iCs/>"
    if props.get("caps"):
        xml += "<w:caps/>"
    if "color" in props:
        xml += f'<w:color w:val="{PALETTE[props["color"]]}"/>'
    if "letter_spacing" in props:
        xml += f'<w:spacing w:val="{_twips(props["letter_spacing"])}"/>'
    if "kern_from" in props:
        xml += f'<w:kern w:val="{round(props["kern_from"] * 2)}"/>'
    if "size" in props:
        xml += f'<w:sz w:val="{round(props["size"] * 2)}"/><w:szCs w:val="{round(props["size"] * 2)}"/>'
    if "underline" in props:
        xml += f'<w:u w:val="{props["underline"]}"/>'
    return xml


def _table_properties(props: dict[str, Any]) -> str:
    """A table style's `w:tblPr` and the looks of its first row and first column."""
    xml = ""
    if "table_indent" in props:
        xml += f'<w:tblInd w:w="{props["table_indent"]}" w:type="dxa"/>'
    if "table_borders" in props:
        line = props["table_borders"]
        xml += "<w:tblBorders>" + "".join(
            border(side, PALETTE[line["color"]], round(line["width"] * 8))
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>"
    if "cell_margins" in props:
        margins = props["cell_margins"]
        xml += "<w:tblCellMar>" + "".join(
            f'<w:{side} w:w="{margins[side]}" w:type="dxa"/>'
            for side in ("top", "left", "bottom", "right")) + "</w:tblCellMar>"
    xml = f"<w:tblPr>{xml}</w:tblPr>" if xml else ""
    for key, kind in (("first_row", "firstRow"), ("first_column", "firstCol")):
        if key in props:
            look = props[key]
            xml += (f'<w:tblStylePr w:type="{kind}"><w:rPr>{run_properties(look)}</w:rPr>'
                    f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{PALETTE[look["fill"]]}"/>'
                    "</w:tcPr></w:tblStylePr>")
    return xml


# --- styles.xml ------------------------------------------------------------------------------

def style_xml(entry: dict[str, Any]) -> str:
    """One `w:style` from an entry of the style table."""
    unknown = entry.keys() - STYLE_KEYS - PARAGRAPH_KEYS - RUN_KEYS - TABLE_KEYS
    if unknown:
        raise ValueError(f"style {entry.get('id')}: unknown keys {sorted(unknown)} in styles.toml")
    flag = ' w:default="1"' if entry.get("default") else ""
    parts = [f'<w:name w:val="{entry["name"]}"/>']
    if based := entry.get("based_on", "Normal"):
        parts.append(f'<w:basedOn w:val="{based}"/>')
    if "next" in entry:
        parts.append(f'<w:next w:val="{entry["next"]}"/>')
    if "ui_priority" in entry:
        parts.append(f'<w:uiPriority w:val="{entry["ui_priority"]}"/>')
    if entry.get("quick_style", True):
        parts.append("<w:qFormat/>")
    if ppr := paragraph_properties(entry):
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr := run_properties(entry):
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append(_table_properties(entry))
    return (f'<w:style w:type="{entry.get("type", "paragraph")}"{flag} w:styleId="{entry["id"]}">'
            f"{''.join(parts)}</w:style>")


def styles_xml() -> str:
    """styles.xml: the document defaults (Open Sans, with Arial for complex scripts), then every
    style of the style table, in its order."""
    defaults = dict(HOUSE_STYLE["defaults"])
    language = defaults.pop("language")
    doc_defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FALLBACK}"/>'
        f'{run_properties(defaults)}<w:lang w:val="{language}" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f"{paragraph_properties(defaults)}"
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    latent = ('<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" '
              'w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="376"/>')
    styles = "".join(style_xml(entry) for entry in HOUSE_STYLE["style"])
    return f"{XML_DECLARATION}<w:styles {NS}>{doc_defaults}{latent}{styles}</w:styles>"


# --- numbering, fonts, settings, theme -------------------------------------------------------

def numbering_xml() -> str:
    """Two multi-level lists: bullets (numId 1) and numbers (numId 2).

    The renderer gives every numbered markdown list its own `w:num` on abstractNum 1 with a
    `startOverride`, so each list counts from its own start.
    """
    def levels(kind: str) -> str:
        out = []
        for lvl in range(9):
            if kind == "bullet":
                fmt, lvl_text = "bullet", ("•", "–", "▪")[lvl % 3]
            else:
                fmt, lvl_text = (("decimal", f"%{lvl + 1}."), ("lowerLetter", f"%{lvl + 1})"),
                                 ("lowerRoman", f"%{lvl + 1}."))[lvl % 3]
            pstyle = f'<w:pStyle w:val="List{kind.capitalize()}"/>' if lvl == 0 else ""
            rpr = (BOLD if kind == "number" and lvl == 0 else "") + f'<w:color w:val="{BLUE}"/>'
            out.append(
                f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'{pstyle}<w:lvlText w:val="{lvl_text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{LIST_INDENT * (lvl + 1)}" w:hanging="{LIST_INDENT}"/>'
                f"</w:pPr><w:rPr>{rpr}</w:rPr></w:lvl>")
        return "".join(out)

    abstract = "".join(
        f'<w:abstractNum w:abstractNumId="{n}"><w:nsid w:val="4150{n:04X}"/>'
        f'<w:multiLevelType w:val="hybridMultilevel"/><w:tmpl w:val="4150{n + 16:04X}"/>'
        f"{levels(kind)}</w:abstractNum>"
        for n, kind in enumerate(("bullet", "number")))
    nums = ('<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
            '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>')
    return f"{XML_DECLARATION}<w:numbering {NS}>{abstract}{nums}</w:numbering>"


def font_table_xml() -> str:
    """fontTable.xml: how Word matches each font, and Arial where Open Sans is missing."""
    fonts = [  # name, alternative name, panose, family
        (FONT, FALLBACK, "020B0606030504020204", "swiss"),
        (FALLBACK, None, "020B0604020202020204", "swiss"),
        (SYMBOLS, None, "020B0502040204020203", "swiss"),
    ]
    body = "".join(
        f'<w:font w:name="{name}">' + (f'<w:altName w:val="{alt}"/>' if alt else "") +
        f'<w:panose1 w:val="{panose}"/><w:charset w:val="00"/><w:family w:val="{family}"/>'
        f'<w:pitch w:val="variable"/></w:font>'
        for name, alt, panose, family in fonts)
    return f"{XML_DECLARATION}<w:fonts {NS}>{body}</w:fonts>"


def settings_xml() -> str:
    """Document settings. No `w:updateFields`: Word would ask on every opening whether to
    update the fields; the contents' page numbers are stored in their fields instead."""
    compat = "".join(
        f'<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word" '
        f'w:val="{value}"/>'
        for name, value in (("compatibilityMode", 15), ("overrideTableStyleFontSizeAndJustification", 1),
                            ("enableOpenTypeFeatures", 1), ("doNotFlipMirrorIndents", 1)))
    return (
        f"{XML_DECLARATION}<w:settings {NS}>"
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="709"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        + f"<w:compat>{compat}</w:compat>"
        '<w:themeFontLang w:val="en-GB"/>'
        '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" '
        'w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" '
        'w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink" '
        'w:followedHyperlink="followedHyperlink"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>')


def theme(blob: bytes) -> bytes:
    """The default theme with Open Sans as heading and body font and the Interreg colours."""
    xml = blob.decode("utf-8")
    xml = re.sub(r'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*', rf"\g<1>{FONT}", xml)
    for name, value in (("accent1", BLUE), ("accent2", ACCENT), ("hlink", BLUE),
                        ("dk2", INK)):
        xml = re.sub(rf"(<a:{name}>\s*<a:srgbClr val=\")[0-9A-Fa-f]{{6}}", rf"\g<1>{value}", xml)
    xml = re.sub(r'<a:clrScheme name="[^"]*"', '<a:clrScheme name="Interreg"', xml)
    xml = re.sub(r'<a:fontScheme name="[^"]*"', '<a:fontScheme name="Interreg"', xml)
    return xml.encode("utf-8")
