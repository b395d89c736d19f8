"""The parts of the built-in Word templates, written by `make_docx_templates.py` beside this
folder: `ooxml` (small OOXML writers), `plan` and `deliverable`/`summary` (the bodies),
`styles` with `styles.toml` (the house style as data), `package` (the zip)."""
