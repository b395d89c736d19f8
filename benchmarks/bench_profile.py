"""Bench section (`--profile`, `--profile-only`): one cold `build -j 1` of plans/ in one process,
under cProfile (grouped by stage, see PROFILE_BUCKETS) and `-X importtime` (top-level imports)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from build_command import Builder, check_ok
from process_measure import measure
from report_format import Report

PROFILE_BUCKETS = [
    # (label, dotted name of a function or method), resolved in this process against the package
    # measured (the snapshot is first on sys.path). A name that is not called in the build gets
    # no row; a name that does not resolve is reported as "Not found" below the table.
    ("whole build", "actionplan.build.pipeline.build_partnership"),
    ("fingerprints of the inputs", "actionplan.build.pipeline._common_inputs"),
    ("load + validate", "actionplan.load.partnership.load_partnership"),
    ("plan contexts", "actionplan.words.plan.plan_context"),
    ("plan DOCX", "actionplan.render.docx.document.docx_bytes"),
    ("  docxtpl render", "docxtpl.template.DocxTemplate.render"),
    ("plan PDF layout (incl. the first `import weasyprint`)", "actionplan.render.pdf.plan.layout_plan"),
    ("  Jinja HTML", "actionplan.render.pdf.plan.render_html"),
    ("  stylesheets and fonts", "actionplan.render.pdf.stylesheets._stylesheets"),
    ("  WeasyPrint HTML parsing", "weasyprint.HTML.__init__"),
    ("  WeasyPrint CSS parsing", "weasyprint.CSS.__init__"),
    ("  WeasyPrint HTML.render", "weasyprint.HTML.render"),
    ("    computed styles", "weasyprint.css.get_all_computed_styles"),
    ("    box tree", "weasyprint.formatting_structure.build.build_formatting_structure"),
    ("    layout", "weasyprint.layout.layout_document"),
    ("plan PDF writing (and the front matter's)", "actionplan.render.pdf.plan.pdf_bytes"),
    ("  WeasyPrint write_pdf", "weasyprint.document.Document.write_pdf"),
    ("    fonts (subsetting, embedding)", "weasyprint.pdf.fonts.build_fonts_dictionary"),
    ("consolidated deliverable: summary, charts, DOCX", "actionplan.build.consolidate.prepare_deliverable"),
    ("  summary", "actionplan.summary.compute.build_summary"),
    ("  deliverable context (draws the charts)", "actionplan.summary.deliverable.deliverable_context"),
    ("    charts: timeline (PNG, PDF)", "actionplan.summary.charts.timeline_pictures"),
    ("    charts: flows (PNG, PDF)", "actionplan.summary.charts.flows_pictures"),
    ("  consolidated DOCX", "actionplan.render.docx.document.consolidated_docx_bytes"),
    ("consolidated deliverable: PDF", "actionplan.build.consolidate.finish_pdf"),
    ("  consolidated PDF", "actionplan.render.pdf.consolidated.consolidated_pdf_bytes"),
    ("    front matter layout", "actionplan.render.pdf.consolidated.layout_front"),
    ("    joining the plan PDFs, stamping the charts (pypdf)", "actionplan.render.pdf.consolidated._join"),
    ("writing outputs", "actionplan.build.outputs.write_all"),
]


def _short(filename: str) -> str:
    return re.sub(r".*/(site-packages|lib/python3\.\d+|snapshot|work/main)/", "", filename)


def _code_key(dotted: str) -> tuple[str, int, str] | None:
    """The pstats key (file, first line, name) of a function given by its dotted name."""
    import importlib
    import inspect

    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
            code = inspect.unwrap(obj).__code__
        except AttributeError:
            return None
        return code.co_filename, code.co_firstlineno, code.co_name
    return None


def _package_file() -> str:
    """Where this process imports actionplan from: the copy the dotted names are resolved in."""
    try:
        import actionplan
    except ImportError:
        return "actionplan: not importable"
    return str(actionplan.__file__)


def bench_profile(builder: Builder, ap: str, plans: Path, tmp: Path, report: Report) -> None:
    import pstats

    report.progress("profile: -X importtime, cProfile of build -j 1")
    # One process, so that the profile sees all the work: `build -j 1`; `render` has no -j and
    # uses os.cpu_count(), which the harness below sets to 1.
    jobs = 1 if builder.mode == "build" else None
    one_core = {**os.environ, "APBENCH_ONE_CORE": "1"}
    harness = ("import os, sys\n"
               "if os.environ.get('APBENCH_ONE_CORE'): os.cpu_count = lambda: 1\n"
               "prof_path = sys.argv[1]\n"
               "import cProfile\n"
               "profiler = cProfile.Profile() if prof_path != '-' else None\n"
               "profiler and profiler.enable()\n"
               "from actionplan.cli import main\n"
               "try:\n"
               "    main(sys.argv[2:], prog_name='actionplan')\n"
               "except SystemExit as stop:\n"
               "    code = stop.code\n"
               "else:\n"
               "    code = 0\n"
               "profiler and profiler.disable()\n"
               "profiler and profiler.dump_stats(prof_path)\n"
               "sys.exit(code)\n")
    plain = measure([sys.executable, "-c", harness, "-",
                     *builder.cmd(plans, tmp / "prof-plain", force=True, jobs=jobs)[1:]], env=one_core)
    check_ok(plain, "unprofiled one-process build")
    args = builder.cmd(plans, tmp / "prof-imports", force=True, jobs=jobs)[1:]
    trace = subprocess.run([sys.executable, "-X", "importtime", "-c", harness, "-", *args],
                           capture_output=True, text=True, env=one_core)
    top_level: dict[str, int] = {}
    for line in trace.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line.split("|")
        name = parts[-1]
        if name.startswith(" ") and not name.startswith("  "):   # depth 0 (one leading space)
            try:
                top_level[name.strip()] = int(parts[1])
            except ValueError:
                pass
    imports_total = sum(top_level.values()) / 1e6
    stats_path = tmp / "build.prof"
    prof_args = builder.cmd(plans, tmp / "prof-out", force=True, jobs=jobs)[1:]
    profiled = measure([sys.executable, "-c", harness, str(stats_path), *prof_args], env=one_core)
    check_ok(profiled, "profiled build")
    stats = pstats.Stats(str(stats_path))
    table = stats.stats   # type: ignore[attr-defined]
    total = sum(tt for (_cc, _nc, tt, _ct, _callers) in table.values())   # all profiled time

    report("## Profile of one cold build of `plans/` in one process (-j 1)")
    report()
    shown_args = [a.replace(str(plans), plans.name).replace(str(tmp), "TMP") for a in prof_args]
    report(f"Command: `{' '.join(['actionplan', *shown_args])}`, in one process. Without the "
           f"profiler it took {plain.wall:.2f} s (cpu {plain.cpu:.2f} s); under cProfile "
           f"{profiled.wall:.2f} s "
           f"(profiler overhead inflates many small calls, so read shares, not absolute times).")
    report()
    report(f"Imports (`python -X importtime`, top-level modules, {imports_total:.2f} s in all):")
    report()
    report("| module | cumulative import time |")
    report("|---|---|")
    for name, us in sorted(top_level.items(), key=lambda kv: -kv[1])[:12]:
        report(f"| {name} | {us / 1000:.0f} ms |")
    report()
    report(f"Where the time goes (cProfile cumulative; whole process {total:.2f} s):")
    report()
    report("| part | cumulative | share | calls |")
    report("|---|---|---|---|")
    unresolved, uncalled = [], []
    for label, dotted in PROFILE_BUCKETS:
        key = _code_key(dotted)
        if key is None:
            unresolved.append(dotted)
        elif key not in table:
            uncalled.append(dotted)
        else:
            _cc, calls, _tt, seconds, _callers = table[key]
            report(f"| {label} (`{dotted.split('.', 1)[1]}`) | {seconds:.2f} s | "
                   f"{seconds / total:.0%} | {calls} |")
    report()
    if uncalled:
        report(f"Not called in this build: {', '.join(f'`{d}`' for d in uncalled)} (names resolved in "
               f"`{_package_file()}`).")
        report()
    if unresolved:
        report(f"**Not found** (no such module or function; update PROFILE_BUCKETS in "
               f"benchmarks/bench_profile.py): {', '.join(f'`{d}`' for d in unresolved)}.")
        report()
    report("Top 25 functions by cumulative time:")
    report()
    report("| function | cumulative | own | calls |")
    report("|---|---|---|---|")
    rows = sorted(table.items(), key=lambda kv: -kv[1][3])
    shown = 0
    for (filename, line, name), (_cc, nc, tt, ct, _callers) in rows:
        if name in ("<module>", "<built-in method builtins.exec>", "run_module", "_run_code",
                    "_run_module_code", "main", "runctx", "__call__", "invoke") or \
                filename.startswith("<frozen"):
            continue
        short = _short(filename)
        report(f"| `{short}:{line}({name})` | {ct:.2f} s | {tt:.2f} s | {nc} |")
        shown += 1
        if shown == 25:
            break
    report()
    report("Top 15 functions by own time:")
    report()
    report("| function | own | calls |")
    report("|---|---|---|")
    for (filename, line, name), (_cc, nc, tt, _ct, _callers) in \
            sorted(table.items(), key=lambda kv: -kv[1][2])[:15]:
        short = _short(filename)
        report(f"| `{short}:{line}({name})` | {tt:.2f} s | {nc} |")
    report()
    kept = Path(tempfile.gettempdir()) / "actionplan-build.prof"
    shutil.copy2(stats_path, kept)
    report(f"(The raw profile is kept in {kept}: `python -m pstats {kept}`.)")
    report()
