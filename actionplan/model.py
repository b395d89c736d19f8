"""The data contract of ../shared/spec/format.md as pydantic models.

Models check one file's shape and its own rules (types, dates, ranges, codes, money). Rules
that need several files (id references, one plan per partner) live in `check.py`. Models never
format anything for display: that is `context.py`'s job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .codes import COUNTRIES, CURRENCIES, NUTS_PREFIX
from .errors import Issue

ID_PATTERN = r"^[a-z][a-z0-9-]*$"
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
Month = Annotated[str, StringConstraints(pattern=MONTH_PATTERN)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=300)]
"""A short single text: a name, a title, a role."""
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
"""A longer text, written in markdown."""


def _in_list(codes: frozenset[str], error: str, what: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in codes:
            raise PydanticCustomError(error, "`{value}` is not " + what, {"value": value})
        return value

    return AfterValidator(check)


Country = Annotated[str, _in_list(COUNTRIES, "country", "an ISO 3166-1 country code")]
Currency = Annotated[str, _in_list(CURRENCIES, "currency", "an ISO 4217 currency code")]


class Strict(BaseModel):
    """Unknown keys are errors, and no value is coerced from another type."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True,
                              populate_by_name=True)


def _ordered(start: object, end: object) -> None:
    if start is not None and end is not None and end < start:  # type: ignore[operator]
        raise PydanticCustomError("range_order",
                                  "the end ({end}) comes before the start ({start})",
                                  {"start": str(start), "end": str(end)})


class MonthRange(Strict):
    start: Month = Field(description="First month, written YYYY-MM.")
    end: Month = Field(description="Last month, written YYYY-MM; not before `start`.")

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: str, info: ValidationInfo) -> str:
        _ordered(info.data.get("start"), end)
        return end


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
    disclaimer: Markdown | None = Field(None, description="Text printed on every cover.")


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
        import re

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
        _ordered(info.data.get("start"), end)
        return end


class GoodPractice(Strict):
    id: Id = Field(description="Short id of the good practice.")
    title: Line = Field(description="The practice's name.")
    owner: Id = Field(description="Id of the partner whose practice it is.")
    summary: Markdown | None = Field(None, description="What the practice does, in a sentence or two.")


class ProjectFile(Strict):
    """project.yaml: the partnership."""

    project: Project = Field(description="The project as a whole.")
    partners: list[Partner] = Field(min_length=1, description="Every project partner.")
    topics: list[Topic] = Field(default_factory=list, description="Policy-analysis topics.")
    events: list[Event] = Field(default_factory=list, description="Where learning happened.")
    good_practices: list[GoodPractice] = Field(
        default_factory=list, description="Good practices exchanged in the project.")


# --- <plan-id>.yaml -----------------------------------------------------------------------

class Contact(Strict):
    name: Line = Field(description="The contact person.")
    email: Annotated[str, StringConstraints(max_length=254)] = Field(
        description="The contact's e-mail address.")
    phone: Line | None = Field(None, description="Phone number, in quotes: \"+34 943 000 000\".")

    @field_validator("email")
    @classmethod
    def _real_address(cls, email: str) -> str:
        from email_validator import EmailNotValidError, validate_email

        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError as exc:
            raise PydanticCustomError("email", "`{value}` is not an e-mail address: {why}",
                                      {"value": email, "why": str(exc).rstrip(".")}) from None
        return email


InstrumentType = Literal["growth-and-jobs", "territorial-cooperation", "other"]


class PolicyContext(Strict):
    instrument_type: InstrumentType = Field(
        description="growth-and-jobs (Investment for Growth and Jobs programme), "
                    "territorial-cooperation (European Territorial Cooperation programme) or other.")
    instrument: Line = Field(description="Name of the policy instrument addressed.")
    managing_authority: Line | None = Field(None, description="Who manages the instrument.")
    details: Markdown | None = Field(None, description="More about the instrument (markdown).")


class LearningSource(Strict):
    event: Id | None = Field(None, description="Id of the event where it was learned.")
    practice: Id | None = Field(None, description="Id of the good practice it comes from.")
    partner: Id | None = Field(None, description="Id of the partner it was learned from.")

    @model_validator(mode="after")
    def _at_least_one(self) -> LearningSource:
        if self.event is None and self.practice is None and self.partner is None:
            raise PydanticCustomError("source_empty",
                                      "name at least one source: event, practice or partner")
        return self


class Learning(Strict):
    id: Id = Field(description="Short id of the learning, unique in the plan.")
    title: Line = Field(description="What was learned, in a line.")
    topic: Id | None = Field(None, description="Id of a topic of project.yaml.")
    from_: LearningSource = Field(alias="from", description="Where it was learned.")
    text: Markdown | None = Field(None, description="The learning in more words (markdown).")


class Player(Strict):
    name: Line = Field(description="The organisation involved.")
    role: Line = Field(description="Its role in the action.")


class Costs(Strict):
    amount: float = Field(ge=0, description="Estimated cost, a number without currency sign.")
    currency: Currency = Field("EUR", description="ISO 4217 currency code; EUR when not given.")
    note: Line | None = Field(None, description="What the costs cover.")


class FundingSource(Strict):
    source: Line = Field(description="Where the money comes from.")
    amount: float | None = Field(None, ge=0, description="The amount from this source.")
    currency: Currency | None = Field(None,
                                      description="ISO 4217 code; the costs' currency when not given.")



class Indicator(Strict):
    name: Line = Field(description="What is counted.")
    target: float = Field(ge=0, description="The value aimed for.")
    unit: Line | None = Field(None, description="The unit, e.g. companies.")


MonitoringStatus = Literal["planned", "ongoing", "implemented", "delayed", "cancelled"]


class Monitoring(Strict):
    status: MonitoringStatus = Field(description="Where the action stands in phase 2.")
    notes: Markdown | None = Field(None, description="Follow-up notes (markdown).")


Improvement = Literal["new-projects", "management", "structural-change"]


class Action(Strict):
    id: Id = Field(description="Short id of the action, unique in the plan.")
    title: Line = Field(description="The action's title.")
    learnings: list[Id] = Field(min_length=1, description="Ids of this plan's learnings it draws on.")
    improvement: Improvement | None = Field(
        None, description="How it improves the instrument: new-projects, management or "
                          "structural-change.")
    background: Markdown = Field(description="How the project inspired the action (markdown).")
    activities: Markdown = Field(description="What will be done (markdown).")
    players: list[Player] = Field(min_length=1, description="Organisations involved and their roles.")
    timeframe: MonthRange = Field(description="When the action runs.")
    costs: Costs | None = Field(None, description="Estimated costs, if relevant.")
    funding: list[FundingSource] = Field(default_factory=list,
                                         description="Funding sources, if relevant.")
    indicators: list[Indicator] = Field(default_factory=list, description="How success is counted.")
    monitoring: Monitoring | None = Field(None, description="Phase-2 follow-up of the action.")

    @field_validator("funding")
    @classmethod
    def _within_costs(cls, funding: list[FundingSource], info: ValidationInfo
                      ) -> list[FundingSource]:
        costs: Costs | None = info.data.get("costs")
        if costs is None:
            return funding
        same = [f.amount for f in funding
                if f.amount is not None and (f.currency or costs.currency) == costs.currency]
        if sum(same) > costs.amount + 0.005:
            raise PydanticCustomError(
                "funding_above_costs",
                "the funding adds up to {total} {currency}, more than the costs of {costs} {currency}",
                {"total": f"{sum(same):,.2f}", "costs": f"{costs.amount:,.2f}",
                 "currency": costs.currency})
        return funding


class Signature(Strict):
    name: Line = Field(description="Who signs.")
    position: Line = Field(description="The signer's position.")
    organisation: Line = Field(description="The signer's organisation.")
    place: Line = Field(description="Where it is signed.")
    date: dt.date = Field(description="When it is signed, written 2019-03-29.")


Status = Literal["draft", "submitted", "approved"]


class Plan(Strict):
    """<plan-id>.yaml: one action plan."""

    partner: Id = Field(description="Id of the partner organisation writing the plan.")
    other_partners: list[Id] = Field(default_factory=list,
                                     description="Ids of other partners involved (joint plans).")
    version: Annotated[str, StringConstraints(min_length=1, max_length=20)] = Field(
        description="Version of the plan, in quotes: \"1.0\".")
    status: Status = Field(description="draft, submitted or approved.")
    date: dt.date = Field(description="Date of this version, written 2019-03-29.")
    language: Annotated[str, StringConstraints(pattern=r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")] = Field(
        "en", description="BCP-47 language of the content, e.g. en or pt-PT.")
    contact: Contact = Field(description="Who to contact about the plan.")
    policy_context: PolicyContext = Field(description="The policy instrument addressed.")
    learnings: list[Learning] = Field(default_factory=list,
                                      description="What the partner learned in the exchange.")
    actions: list[Action] = Field(min_length=1, description="The actions envisaged.")
    signature: Signature | None = Field(
        None, validate_default=True,
        description="Who signs the plan; required once the status is approved.")

    @field_validator("signature")
    @classmethod
    def _signed_when_approved(cls, signature: Signature | None, info: ValidationInfo
                              ) -> Signature | None:
        if signature is None and info.data.get("status") == "approved":
            raise PydanticCustomError("signature_required",
                                      "an approved plan needs a signature")
        return signature


# --- the loaded partnership ---------------------------------------------------------------

@dataclass(frozen=True)
class PlanEntry:
    """One validated plan file: its id (the file name), where it came from, and its data."""

    id: str
    path: Path
    display: str
    plan: Plan


@dataclass(frozen=True)
class Partnership:
    """Everything in one partnership folder, validated; plans in the order of `partners`."""

    folder: Path
    project_path: Path
    project: ProjectFile
    plans: tuple[PlanEntry, ...]
    warnings: tuple[Issue, ...] = ()

    def partner(self, partner_id: str) -> Partner:
        return next(p for p in self.project.partners if p.id == partner_id)

    def event(self, event_id: str) -> Event:
        return next(e for e in self.project.events if e.id == event_id)

    def practice(self, practice_id: str) -> GoodPractice:
        return next(g for g in self.project.good_practices if g.id == practice_id)

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.project.topics if t.id == topic_id)
