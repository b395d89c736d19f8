"""Work done once (issue 15): the deliverable's chart and front matter are kept by what they
show, so a rebuild after an edit they do not show neither draws nor lays them out — and
gives the very bytes a fresh build gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINIMAL_PLAN, ROOT, write_partnership

from actionplan.cli import main
from actionplan.render.pdf import consolidated
from actionplan.summary import charts

SECOND_PLAN = MINIMAL_PLAN.replace("partner: north", "partner: south").replace(
    "title: Export vouchers", "title: Export coaching")
PLANS = {"north.yaml": MINIMAL_PLAN, "south.yaml": SECOND_PLAN}
BACKGROUND = ("returning talent opens markets", "returning talent opens new markets")
"""A word in an action's background: shown by the plan's pages, not by the summary (and the
page counts stay: checked below)."""
TIMEFRAME = ('end: "2020-12"', 'end: "2021-02"')
CACHE = ".actionplan-cache"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def documents(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix in (".pdf", ".docx")}


def edited(folder: Path, change: tuple[str, str]) -> None:
    plan = folder / "north.yaml"
    text = plan.read_text("utf-8")
    assert change[0] in text
    plan.write_text(text.replace(change[0], change[1], 1), "utf-8")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two plans, built once: (partnership folder, output folder)."""
    root = tmp_path_factory.mktemp("cache")
    folder = write_partnership(root / "plans", plans=PLANS)
    out = root / "out"
    result = run("build", folder, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    return folder, out


def fresh(tmp_path_factory: pytest.TempPathFactory, change: tuple[str, str]) -> dict[str, bytes]:
    """The documents of the edited partnership built from scratch, in an empty folder."""
    root = tmp_path_factory.mktemp("fresh")
    folder = write_partnership(root / "plans", plans=PLANS)
    edited(folder, change)
    result = run("build", folder, "-o", root / "out", "-q", "--force")
    assert result.exit_code == 0, result.output
    return documents(root / "out")


@pytest.fixture(scope="module")
def fresh_background(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return fresh(tmp_path_factory, BACKGROUND)


@pytest.fixture
def copy(base: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """The built partnership and its outputs (cache included), to change at will."""
    folder, out = tmp_path / "plans", tmp_path / "out"
    shutil.copytree(base[0], folder)
    shutil.copytree(base[1], out)
    return folder, out


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[], Counter[str]]:
    """Counts the front layouts and chart drawings of the builds that follow, worker
    processes included (they write to a file)."""
    log = tmp_path / "work.log"
    for module, name in ((consolidated, "layout_front"), (charts, "render")):
        original = getattr(module, name)

        def spied(*args, _name=name, _original=original, **kwargs):  # noqa: ANN002, ANN003
            with log.open("a") as file:
                file.write(_name + "\n")
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, name, spied)
    return lambda: Counter(log.read_text().split() if log.exists() else [])


def page_counts(out: Path) -> dict[str, int]:
    from pypdf import PdfReader

    return {p.name: len(PdfReader(p).pages) for p in sorted(out.glob("*.pdf"))}


def test_a_word_the_front_does_not_show_lays_out_no_front_and_draws_no_chart(
        copy: tuple[Path, Path], work: Callable[[], Counter[str]],
        fresh_background: dict[str, bytes]) -> None:
    folder, out = copy
    pages = page_counts(out)
    before = documents(out)
    edited(folder, BACKGROUND)
    result = run("build", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert "4 written" in result.output  # the plan's DOCX and PDF, the deliverable's
    assert documents(out)["north.pdf"] != before["north.pdf"]
    assert page_counts(out) == pages
    assert work() == Counter()
    assert documents(out) == fresh_background


def test_force_reads_nothing_from_the_cache(copy: tuple[Path, Path],
                                            work: Callable[[], Counter[str]]) -> None:
    folder, out = copy
    before = documents(out)
    result = run("build", folder, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert work() == Counter({"layout_front": 2, "render": 1})  # cover and contents, summary
    assert documents(out) == before


def test_a_new_timeframe_draws_the_chart_and_lays_out_the_front_again(
        copy: tuple[Path, Path], work: Callable[[], Counter[str]],
        tmp_path_factory: pytest.TempPathFactory) -> None:
    folder, out = copy
    edited(folder, TIMEFRAME)
    result = run("build", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert work() == Counter({"layout_front": 2, "render": 1})  # cover and contents, summary
    assert documents(out) == fresh(tmp_path_factory, TIMEFRAME)
    entries = sorted(p.name.split("-")[0] for p in (out / CACHE).iterdir())
    # the last build's and this one's
    assert entries == ["chart", "chart", "front", "front", "summary", "summary"]


def test_matplotlib_is_not_even_imported_unless_the_timeline_changed(
        copy: tuple[Path, Path]) -> None:
    folder, out = copy
    marker = out.parent / "imported"
    code = f"""
import sys
def hook(event, args):
    if event == "import" and args[0] == "matplotlib":
        with open({str(marker)!r}, "a") as file:
            file.write("matplotlib\\n")
sys.addaudithook(hook)  # inherited by the forked workers
from actionplan.cli import main
main(["build", {str(folder)!r}, "-o", {str(out)!r}, "-q"])
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def build() -> None:
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr

    edited(folder, BACKGROUND)
    build()
    assert not marker.exists()
    edited(folder, ("title: Export vouchers", "title: Export vouchers for SMEs"))
    build()
    assert marker.exists()  # the hook sees it when it happens


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:1000])


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF
    path.write_bytes(bytes(data))


def _directory(path: Path) -> None:
    path.unlink()
    (path / "inside").mkdir(parents=True)


def _fifo(path: Path) -> None:  # reading it would wait for a writer forever
    path.unlink()
    if hasattr(os, "mkfifo"):
        os.mkfifo(path)
    else:  # Windows
        path.mkdir()


@pytest.mark.parametrize(("chart", "front"), [(_truncate, _directory), (_fifo, _flip_a_byte)])
def test_a_damaged_entry_is_made_again(copy: tuple[Path, Path], chart: Callable[[Path], None],
                                       front: Callable[[Path], None],
                                       work: Callable[[], Counter[str]],
                                       fresh_background: dict[str, bytes]) -> None:
    folder, out = copy
    entries = {p.name.split("-")[0]: p for p in (out / CACHE).iterdir()}
    assert sorted(entries) == ["chart", "front", "summary"]
    chart(entries["chart"])
    front(entries["front"])
    front(entries["summary"])
    edited(folder, BACKGROUND)
    result = run("build", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and result.exception is None
    assert work() == Counter({"layout_front": 2, "render": 1})  # cover and contents, summary
    assert documents(out) == fresh_background
    assert all(p.is_file() for p in (out / CACHE).iterdir())  # made again, whole


def test_a_cache_folder_that_cannot_be_written_is_no_error(
        copy: tuple[Path, Path], fresh_background: dict[str, bytes]) -> None:
    folder, out = copy
    shutil.rmtree(out / CACHE)
    (out / CACHE).write_text("not a folder")
    edited(folder, BACKGROUND)
    result = run("build", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert documents(out) == fresh_background


def test_the_cache_keeps_only_the_latest_entries_of_each_kind(tmp_path: Path) -> None:
    from actionplan.build.work_cache import KEEP, WorkCache

    cache = WorkCache(tmp_path)
    keys = [f"{n:064x}" for n in range(10)]
    for n, key in enumerate(keys):
        cache.put("chart", key, {"png": b"p" * n, "pdf": b"d"})
        cache.put("front", key, {"pdf": b"f" * n})
        os.utime(cache.path("chart", key), ns=(n * 10**9, n * 10**9))  # one a second
    assert cache.get("chart", keys[-4]) is None
    assert cache.get("chart", keys[-1]) == {"png": b"p" * 9, "pdf": b"d"}
    names = sorted(p.name for p in (tmp_path / CACHE).iterdir())
    assert names == sorted([f"chart-{k}" for k in keys[-KEEP:]] + [f"front-{k}" for k in keys[-KEEP:]])


def test_an_entry_under_another_name_is_not_used(tmp_path: Path) -> None:
    from actionplan.build.work_cache import WorkCache

    cache = WorkCache(tmp_path)
    one, other = "1" * 64, "2" * 64
    cache.put("chart", one, {"png": b"picture"})
    shutil.copy(cache.path("chart", one), cache.path("chart", other))
    assert cache.get("chart", other) is None
    assert cache.get("chart", one) == {"png": b"picture"}
    assert WorkCache(tmp_path, read=False).get("chart", one) is None


def test_a_killed_write_leaves_no_temporary_file_behind(tmp_path: Path) -> None:
    from actionplan.build import work_cache

    cache = work_cache.WorkCache(tmp_path)
    (tmp_path / CACHE).mkdir()
    left = tmp_path / CACHE / f"{work_cache._TEMP}killed"
    left.write_bytes(b"half")
    an_hour_ago = time.time() - 3600
    os.utime(left, (an_hour_ago, an_hour_ago))
    cache.put("front", "3" * 64, {"pdf": b"whole"})
    assert not left.exists()


def test_a_write_never_removes_the_temporary_file_another_process_is_writing(
        tmp_path: Path) -> None:
    """The jobs of one build keep entries at the same time (the charts, the summary's pages,
    the cover and contents): one's tidying must not delete another's file half-way, which
    then keeps nothing (and leaves a damaged entry in place)."""
    from actionplan.build import work_cache

    cache = work_cache.WorkCache(tmp_path)
    (tmp_path / CACHE).mkdir()
    writing = tmp_path / CACHE / f"{work_cache._TEMP}another-process"
    writing.write_bytes(b"half")
    cache.put("front", "3" * 64, {"pdf": b"whole"})
    assert writing.read_bytes() == b"half"


def test_the_chart_key_changes_with_what_the_picture_shows(tmp_path: Path) -> None:
    from actionplan.load import load_partnership
    from actionplan.summary import build_summary
    from actionplan.summary.chart_key import timeline_key

    def key(change: tuple[str, str] | None = None, *, formats: tuple[str, ...] = ("png", "pdf"),
            dpi: int = 200, language: str | None = None) -> str:
        folder = write_partnership(tmp_path / f"p{len(list(tmp_path.iterdir()))}", plans=PLANS)
        if change:
            edited(folder, change)
        if language:
            project = folder / "project.yaml"
            project.write_text(project.read_text("utf-8").replace(
                "  acronym: TestSME", f"  acronym: TestSME\n  language: {language}"), "utf-8")
        return timeline_key(build_summary(load_partnership(folder)), formats, dpi)

    same = key()
    assert key(BACKGROUND) == same
    assert key(formats=("pdf", "png")) == same  # the order asked in is not the order made in
    changed = [key(TIMEFRAME), key(("title: Export vouchers", "title: Export vouchers for SMEs")),
               key(formats=("pdf",)), key(dpi=300), key(language="fr")]
    assert same not in changed and len(set(changed)) == len(changed)


def test_a_build_later_the_same_day_uses_the_front_kept_with_its_own_times(
        copy: tuple[Path, Path], work: Callable[[], Counter[str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Without SOURCE_DATE_EPOCH the build time is now, to the second: the front kept holds
    the day on its cover, and gets the build's own times in its metadata."""
    import datetime as dt

    import pikepdf

    from actionplan.console import building

    folder, out = copy
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    now = [dt.datetime(2019, 3, 29, 9, 0, 0, tzinfo=dt.UTC)]
    monkeypatch.setattr(building, "_now", lambda: now[0])
    assert run("build", folder, "-o", out, "-q").exit_code == 0
    before = work()["layout_front"]
    now[0] = dt.datetime(2019, 3, 29, 10, 2, 3, tzinfo=dt.UTC)
    edited(folder, BACKGROUND)
    result = run("build", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert work()["layout_front"] == before
    with pikepdf.open(out / "TestSME-action-plans.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == str(pdf.docinfo["/ModDate"]) \
            == "D:20190329100203Z"
        xmp = pdf.Root.Metadata.read_bytes()
        assert b"<xmp:CreateDate>2019-03-29T10:02:03Z</xmp:CreateDate>" in xmp
        assert b"<xmp:ModifyDate>2019-03-29T10:02:03Z</xmp:ModifyDate>" in xmp
