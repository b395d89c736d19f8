"""Stage 4: contexts into documents. `docx/` fills the Word templates with docxtpl, `pdf/`
lays out HTML with WeasyPrint; each makes one plan and the consolidated deliverable."""
