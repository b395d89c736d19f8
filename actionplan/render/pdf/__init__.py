"""PDF: a plan laid out by WeasyPrint from Jinja HTML (`plan`), the consolidated deliverable's
front matter joined with the plans' PDFs (`consolidated`), and the sandboxed fetcher that lets
WeasyPrint read only the templates and the partnership folder (`fetcher`, imported on use:
it imports WeasyPrint)."""

from .consolidated import consolidated_pdf_bytes
from .plan import layout_plan, pdf_bytes, render_html

__all__ = ["consolidated_pdf_bytes", "layout_plan", "pdf_bytes", "render_html"]
