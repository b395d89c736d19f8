"""actionplan: Interreg Europe action plans from YAML to DOCX and PDF."""

__version__ = "0.1.0"
