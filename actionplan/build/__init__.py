"""Stage 5: the build. `pipeline` fingerprints, loads, renders in parallel workers and writes;
`consolidate` makes the deliverable; `outputs` writes atomically and keeps the manifest."""

from .pipeline import (
    BuildOptions,
    BuildReport,
    Step,
    build_partnership,
    build_time_from_environment,
    consolidated_names,
    render_plan,
)

__all__ = ["BuildOptions", "BuildReport", "Step", "build_partnership",
           "build_time_from_environment", "consolidated_names", "render_plan"]
