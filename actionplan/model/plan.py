"""`<plan-id>.yaml`: one partner's action plan (format.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .fields import Currency, Email, Id, LanguageTag, Line, Markdown, MonthRange, Strict
from .numbers import Amount, Quantity, exact

# --- <plan-id>.yaml -----------------------------------------------------------------------

class Contact(Strict):
    name: Line = Field(description="The contact person.")
    email: Email = Field(description="The contact's e-mail address.")
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
    amount: Amount = Field(description="Estimated cost, a number without currency sign.")
    currency: Currency = Field("EUR", description="ISO 4217 currency code; EUR when not given.")
    note: Line | None = Field(None, description="What the costs cover.")


class FundingSource(Strict):
    source: Line = Field(description="Where the money comes from.")
    amount: Amount | None = Field(None, description="The amount from this source.")
    currency: Currency | None = Field(None,
                                      description="ISO 4217 code; the costs' currency when not given.")



class Indicator(Strict):
    name: Line = Field(description="What is counted.")
    target: Quantity = Field(description="The value aimed for.")
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
        # added exactly, in decimals as typed: floats near 10^12 carry errors of their own
        same = sum((exact(f.amount) for f in funding
                    if f.amount is not None and (f.currency or costs.currency) == costs.currency),
                   Decimal(0))
        if same > exact(costs.amount):
            raise PydanticCustomError(
                "funding_above_costs",
                "the funding adds up to {total} {currency}, more than the costs of {costs} {currency}",
                {"total": f"{same:,.2f}", "costs": f"{exact(costs.amount):,.2f}",
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
    language: LanguageTag = Field(
        "en", description="BCP-47 language of the content, e.g. en or pt-PT.")
    summary_en: Markdown | None = Field(
        None, description="For a plan not written in English: its summary in English (markdown) "
                          "- the nature of the actions, their link with the project and their "
                          "policy relevance; needed once the plan is submitted.")
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
