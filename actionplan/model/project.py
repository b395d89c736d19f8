"""`project.yaml`: the project, its partners, topics, events and good practices (format.md)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from .codes import NUTS_PREFIX
from .fields import Country, Id, LanguageTag, Line, Markdown, MonthRange, Strict, check_order

# --- project.yaml -------------------------------------------------------------------------

class Project(Strict):
    acronym: Annotated[str, StringConstraints(min_length=1, max_length=40)] = Field(
        description="The project's short name, e.g. UpGradeSME; it names the consolidated files.")
    title: Line = Field(description="The project's full title.")
    programme: Line = Field(description="The funding programme, e.g. Interreg Europe 2014-2020.")
    index: Line | None = Field(None, description="The programme's project number, e.g. PGI01610.")
    period: MonthRange = Field(description="The project's duration in months.")
    phase2: MonthRange | None = Field(
        None, description="The monitoring period; action timeframes should fall inside it.")
    lead_partner: Id = Field(description="The id of the lead partner (one of `partners`).")
    logo: Line | None = Field(None, description="Path of the project logo, relative to project.yaml.")
    programme_logo: Line | None = Field(
        None, description="Path of the programme's logo the partnership holds (e.g. the Interreg "
                          "Europe logo), relative to project.yaml; printed on every cover beside "
                          "the EU emblem.")
    disclaimer: Markdown | None = Field(None, description="Text printed on every cover.")
    language: LanguageTag = Field(
        "en", description="BCP-47 language of the consolidated deliverable (its summary, charts "
                          "and labels), e.g. en or hu; each plan keeps its own language.")

    @field_validator("acronym")
    @classmethod
    def _names_a_file(cls, acronym: str) -> str:
        """The acronym names the deliverable's files, so it must be a file name on every
        partner's system: none of Windows' reserved characters (`< > : " / \\ | ? *`, which
        include the POSIX separator), no control character, no trailing dot or space (Microsoft,
        "Naming Files, Paths, and Namespaces")."""
        bad = next((c for c in acronym if c in '<>:"/\\|?*' or ord(c) < 32), None)
        if bad is None and acronym[-1:] in (".", " "):
            bad = acronym[-1]
        if bad is not None:
            raise PydanticCustomError(
                "acronym_file_name", "`{value}` holds `{char}`, which cannot be in a file name; "
                "it names the deliverable's files ({value}-action-plans.pdf)",
                {"value": acronym, "char": bad})
        return acronym


class Partner(Strict):
    id: Id = Field(description="Short id: lowercase letters, digits and '-', starting with a letter.")
    name: Line = Field(description="The organisation's full name.")
    short_name: Line | None = Field(None, description="An abbreviation, e.g. PBN.")
    country: Country = Field(description="ISO 3166-1 alpha-2 country code; EL and UK also accepted.")
    region: Line = Field(description="The region's name.")
    nuts2: str = Field(description="The region's NUTS-2 code; its first two letters are the country.")
    logo: Line | None = Field(None, description="Path of the partner's logo, relative to project.yaml.")

    @field_validator("nuts2")
    @classmethod
    def _nuts_in_country(cls, nuts2: str, info: ValidationInfo) -> str:

        if not re.fullmatch(r"[A-Z]{2}[0-9A-Z]{2}", nuts2):
            raise PydanticCustomError("nuts2", "`{value}` is not a NUTS-2 code", {"value": nuts2})
        country = info.data.get("country")
        if country and NUTS_PREFIX.get(country, country) != nuts2[:2]:
            raise PydanticCustomError(
                "nuts2_country", "`{value}` is not a region of country {country}",
                {"value": nuts2, "country": country})
        return nuts2


class Topic(Strict):
    id: Id = Field(description="Short id of the analysis topic.")
    title: Line = Field(description="The topic's title.")
    coordinator: Id | None = Field(None, description="Id of the partner coordinating the topic.")


EventKind = Literal["interregional-meeting", "study-visit", "peer-review", "workshop",
                    "conference", "survey", "other"]


class Event(Strict):
    id: Id = Field(description="Short id of the event.")
    title: Line = Field(description="The event's title.")
    kind: EventKind = Field(description="What kind of event it was.")
    host: Id = Field(description="Id of the hosting partner.")
    place: Line = Field(description="Where it took place.")
    start: dt.date = Field(description="First day, written 2018-10-16.")
    end: dt.date | None = Field(None, description="Last day, when the event lasted several days.")

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        check_order(info.data.get("start"), end)
        return end


class GoodPractice(Strict):
    id: Id = Field(description="Short id of the good practice.")
    title: Line = Field(description="The practice's name.")
    owner: Id = Field(description="Id of the partner whose practice it is.")
    summary: Markdown | None = Field(None, description="What the practice does, in a sentence or two.")


class Deliverable(Strict):
    date: dt.date | None = Field(
        None, description="The date on the consolidated deliverable's cover, written "
                          "2021-03-31; without it, the day of the build.")


class ProjectFile(Strict):
    """project.yaml: the partnership."""

    project: Project = Field(description="The project as a whole.")
    deliverable: Deliverable | None = Field(
        None, description="The lead partner's consolidated deliverable of all action plans.")
    partners: list[Partner] = Field(min_length=1, description="Every project partner.")
    topics: list[Topic] = Field(default_factory=list, description="Policy-analysis topics.")
    events: list[Event] = Field(default_factory=list, description="Where learning happened.")
    good_practices: list[GoodPractice] = Field(
        default_factory=list, description="Good practices exchanged in the project.")
