"""Messages that leave the lead partner guessing (issue 12, item 9): a template's image that
cannot be used says why, and names the nested reference that was refused."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT, write_partnership

from actionplan.cli import main


def with_template_image(tmp_path: Path, svg: str) -> Path:
    """A partnership whose overriding plan template shows `badge.svg` (with the text `svg`)."""
    folder = write_partnership(tmp_path / "plans")
    (folder / "templates").mkdir()
    template = (ROOT / "templates" / "action-plan.html.j2").read_text("utf-8")
    (folder / "templates" / "action-plan.html.j2").write_text(
        template.replace("<body>", '<body><img src="badge.svg" alt="">', 1), "utf-8")
    (folder / "templates" / "badge.svg").write_text(svg, "utf-8")
    return folder


def render(folder: Path, out: Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["render", str(folder / "north.yaml"), "-o", str(out),
                                     "--format", "pdf"])


def test_a_broken_svg_says_why_it_cannot_be_loaded(tmp_path: Path) -> None:
    folder = with_template_image(tmp_path, '<svg xmlns="http://www.w3.org/2000/svg"><rect')
    result = render(folder, tmp_path / "out")
    assert result.exit_code == 1
    assert (f"error: PDF of north: Failed to load image at "
            f"'{(folder / 'templates' / 'badge.svg').as_uri()}': ParseError: unclosed token: "
            "line 1, column 40.") in result.output


def test_an_svg_refers_to_a_file_outside_the_folders_names_it(tmp_path: Path) -> None:
    folder = with_template_image(
        tmp_path, '<svg xmlns="http://www.w3.org/2000/svg" '
                  'xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
                  '<image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>')
    result = render(folder, tmp_path / "out")
    assert result.exit_code == 1
    assert (f"Failed to render SVG image {(folder / 'templates' / 'badge.svg').as_uri()}: it "
            "refers to file:///etc/passwd, which was refused: it is outside the template and "
            "partnership folders (links are followed before checking).") in result.output
    assert not (tmp_path / "out" / "north.pdf").exists()
