"""Stage 1: from files on disk to a validated `Partnership`, or every problem at once.

`yamlsource` reads YAML safely with line and column of every value, `messages` puts pydantic's
errors in plain words, `check` applies the rules across files, `paths` keeps file references
inside the partnership folder, `templates` finds the template files in use, and `starter`
writes a new plan.
"""

from .partnership import PROJECT_FILE, find_plan_files, load_partnership

__all__ = ["PROJECT_FILE", "find_plan_files", "load_partnership"]
