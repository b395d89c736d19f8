"""DOCX: a plan and the consolidated deliverable from the editable Word templates (docxtpl).

`document` renders, `markdown` turns markdown blocks into Word paragraphs and lists,
`package` sets properties and writes a reproducible zip, `dump` reads a DOCX back as text.
docxtpl and python-docx are imported on first use.
"""

from .contents import set_contents_pages
from .document import consolidated_docx_bytes, docx_bytes
from .dump import dump_docx, paragraph_text
from .package import EPOCH, reproducible_zip

__all__ = ["EPOCH", "consolidated_docx_bytes", "docx_bytes", "dump_docx", "paragraph_text",
           "reproducible_zip", "set_contents_pages"]
