"""Stage 5: the build. `pipeline` checks what is current (`fingerprints`, `manifest`), loads,
renders in worker processes (`workers`, `jobs`) and writes (`outputs`), telling each step
(`report`); `consolidate` makes the deliverable."""

from .jobs import render_plan
from .options import BuildOptions, build_time_from_environment, consolidated_names
from .pipeline import build_partnership
from .report import BuildReport, Step

__all__ = ["BuildOptions", "BuildReport", "Step", "build_partnership",
           "build_time_from_environment", "consolidated_names", "render_plan"]
