"""Stage 4: contexts into documents. `docx/` fills the Word templates with docxtpl, `pdf/`
lays out HTML with WeasyPrint; each makes one plan and the consolidated deliverable."""

from .libraries import install as _install_library_loading

# Before anything imports WeasyPrint (imports are lazy, inside the renderers): see libraries.py.
_install_library_loading()
