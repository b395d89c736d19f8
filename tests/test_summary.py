"""The cross-partner summary, checked against numbers worked out by hand.

`small` is a four-partner partnership written out below: a joint plan (north with east), a
draft plan in two currencies (south), and a partner without a plan (west). The expected
values in the tests are computed by hand from these files, not by the code under test.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from actionplan.errors import Issue
from actionplan.load import load_partnership
from actionplan.model import Partnership
from actionplan.summary import Summary, build_summary

ROOT = Path(__file__).resolve().parent.parent

PROJECT = """\
project:
  acronym: SmallSME
  title: A small partnership for testing the summary
  programme: Interreg Europe 2014-2020
  period: {start: "2016-04", end: "2021-03"}
  phase2: {start: "2019-04", end: "2021-03"}
  lead_partner: north

partners:
  - id: north
    name: North Development Agency
    short_name: NDA
    country: HU
    region: Nyugat-Dunántúl
    nuts2: HU22
  - id: south
    name: South Agency
    country: ES
    region: País Vasco
    nuts2: ES21
  - id: east
    name: East Ministry
    short_name: EM
    country: HU
    region: Közép-Magyarország
    nuts2: HU10
  - id: west
    name: West Chamber
    short_name: WC
    country: NL
    region: Friesland
    nuts2: NL12

topics:
  - id: impact
    title: Impact
    coordinator: south
  - id: growth
    title: Growth

events:
  - id: visit
    title: Study visit to the south
    kind: study-visit
    host: south
    place: San Sebastián
    start: 2018-10-16
  - id: meeting
    title: Meeting in the north
    kind: interregional-meeting
    host: north
    place: Győr
    start: 2017-05-10

good_practices:
  - id: talent-house
    title: Talent House
    owner: south
  - id: vouchers
    title: Export vouchers
    owner: north
  - id: mentors
    title: Export mentors
    owner: west
"""

CONTACT = """\
contact:
  name: Anna Example
  email: anna@example.org
"""

NORTH = """\
partner: north
other_partners: [east]
version: "1.0"
status: submitted
date: 2019-03-29
""" + CONTACT + """
policy_context:
  instrument_type: growth-and-jobs
  instrument: North export programme

learnings:
  - id: l1
    title: Returning talent opens markets
    topic: impact
    from: {event: visit, practice: talent-house, partner: south}
  - id: l2
    title: Vouchers decided fast
    topic: growth
    from: {practice: vouchers, partner: west}
  - id: l3
    title: Meetings at home teach too
    from: {event: meeting}

actions:
  - id: a1
    title: Talent desk
    learnings: [l1]
    background: From the visit.
    activities: Open a desk.
    players: [{name: North Development Agency, role: Runs it}]
    timeframe: {start: "2019-06", end: "2020-12"}
    costs: {amount: 1000}
    funding:
      - {source: ERDF, amount: 500}
      - {source: Own funds, amount: 200}
  - id: a2
    title: Fast vouchers with a $ budget
    learnings: [l1, l2]
    background: From the practice.
    activities: Run a call.
    players: [{name: East Ministry, role: Pays}]
    timeframe: {start: "2020-01", end: "2021-06"}
    costs: {amount: 2500.50, currency: EUR}
    funding:
      - {source: ERDF, amount: 1000}
  - id: a3
    title: Kick-off
    learnings: [l2]
    background: From the practice.
    activities: Meet.
    players: [{name: North Development Agency, role: Hosts}]
    timeframe: {start: "2019-04", end: "2019-04"}
    funding:
      - {source: Ministry}
"""

SOUTH = """\
partner: south
version: "0.2"
status: draft
date: 2019-03-01
""" + CONTACT + """
policy_context:
  instrument_type: other
  instrument: South talent policy

learnings:
  - id: s1
    title: Vouchers from the north
    topic: impact
    from: {practice: vouchers, event: visit}
  - id: s2
    title: Chambers as partners
    from: {partner: west}

actions:
  - id: b1
    title: Vouchers in leva
    learnings: [s1]
    background: From the north.
    activities: Pay vouchers.
    players: [{name: South Agency, role: Pays}]
    timeframe: {start: "2019-09", end: "2020-03"}
    costs: {amount: 10000, currency: BGN}
    funding:
      - {source: Municipality, amount: 4000}
  - id: b2
    title: Chamber days
    learnings: [s2]
    background: From the west.
    activities: Meet.
    players: [{name: South Agency, role: Hosts}]
    timeframe: {start: "2020-02", end: "2020-08"}
    costs: {amount: 300, currency: EUR}
    funding:
      - {source: ERDF, amount: 300, currency: EUR}
"""


def write_small(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "project.yaml").write_text(PROJECT, "utf-8")
    (folder / "north.yaml").write_text(NORTH, "utf-8")
    (folder / "south.yaml").write_text(SOUTH, "utf-8")
    return folder


@pytest.fixture
def small_partnership(tmp_path: Path) -> Partnership:
    return load_partnership(write_small(tmp_path / "small"), display_root=tmp_path)


@pytest.fixture
def small(small_partnership: Partnership) -> Summary:
    return build_summary(small_partnership)


@pytest.fixture(scope="module")
def real() -> Summary:
    return build_summary(load_partnership(ROOT / "plans", display_root=ROOT))


# --- overview -------------------------------------------------------------------------------

def test_overview_rows_in_partner_order(small: Summary) -> None:
    north, south = small.overview
    assert (north.plan_id, north.partner, north.partner_label) == (
        "north", "North Development Agency", "NDA")
    assert north.other_partners == "East Ministry"
    assert north.country == "Hungary (HU)"
    assert north.region == "Nyugat-Dunántúl (HU22); Közép-Magyarország (HU10)"
    assert north.instrument == "North export programme"
    assert north.instrument_type == "Investment for Growth and Jobs programme"
    assert north.actions == 3
    # 1,000 + 2,500.50; a3 has no costs
    assert north.costs.amounts == (("EUR", 3500.5),)
    assert str(north.costs) == "EUR 3,500.50"
    assert north.timeframe == "April 2019 – June 2021"
    assert (north.status, north.version) == ("Submitted", "1.0")

    assert (south.partner, south.partner_label, south.other_partners) == (
        "South Agency", "South Agency", None)
    assert south.instrument_type == "Other regional development policy instrument"
    assert south.costs.text == "EUR 300; BGN 10,000"
    assert south.timeframe == "September 2019 – August 2020"
    assert (south.status, south.version) == ("Draft", "0.2")


def test_overview_totals(small: Summary) -> None:
    totals = small.totals
    assert (totals.plans, totals.actions) == (2, 5)
    assert totals.costs.amounts == (("EUR", 3800.5), ("BGN", 10000.0))
    assert totals.costs.text == "EUR 3,800.50; BGN 10,000"
    assert totals.timeframe == "April 2019 – June 2021"


def test_real_partnership_costs_by_hand(real: Summary) -> None:
    by_plan = {row.plan_id: (row.actions, row.costs.text, row.timeframe) for row in real.overview}
    assert by_plan == {
        "hu-ediop": (3, "EUR 285,000", "April 2019 – March 2021"),  # 180,000 + 45,000 + 60,000
        "ro-internationalisation": (3, "EUR 365,000", "April 2019 – March 2021"),  # 95k+240k+30k
        "de-contact-point": (2, "EUR 230,000", "May 2019 – March 2021"),  # 140,000 + 90,000
        "nl-groen-werkt": (3, "EUR 255,000", "June 2019 – March 2021"),  # 75k + 120k + 60k
        "pt-norte2020": (3, "EUR 150,000", "April 2019 – March 2021"),  # 40k + 85k + 25k
        "es-fomento": (3, "EUR 260,000", "June 2019 – March 2021"),  # 120k + 90k + 50k
    }
    assert [row.partner_label for row in real.overview] == [
        "PBN", "ADR Sud Muntenia", "SEZ", "BDF", "ADRAVE", "Fomento"]
    assert (real.totals.plans, real.totals.actions, real.totals.costs.text) == (
        6, 17, "EUR 1,545,000")
    # funding: 275,000 + 365,000 + 230,000 + 235,000 + 146,250 + 260,000
    assert real.money.funding.text == "EUR 1,511,250"
    assert real.money.unfunded.text == "EUR 33,750"
    assert real.open_points.count == 0


# --- learning flows and practices -----------------------------------------------------------

def test_flow_matrix_cells(small: Summary) -> None:
    flows = small.flows
    assert [r.id for r in flows.rows] == ["north", "south"]
    assert [c.id for c in flows.columns] == ["north", "south", "east", "west"]
    assert [c.label for c in flows.columns] == ["NDA", "South Agency", "EM", "WC"]
    # north: l1 → south (event host, practice owner and partner: counted once),
    #        l2 → north (own practice) and west, l3 → north (event host)
    # south: s1 → north (practice owner) and south (event host), s2 → west
    assert flows.counts == ((2, 1, 0, 1),
                            (1, 1, 0, 1))
    assert flows.row_learnings == (3, 2)
    assert flows.column_totals == (3, 2, 0, 2)
    assert flows.learnings == 5


def test_real_flow_matrix(real: Summary) -> None:
    flows = real.flows
    assert [c.label for c in flows.columns] == [
        "PBN", "NGM", "ADR Sud Muntenia", "SEZ", "BDF", "Leeuwarden", "ADRAVE", "Fomento"]
    # Fomento's four learnings: two from SEZ (Stuttgart, its practices), two from BDF.
    assert flows.counts[5] == (0, 0, 0, 2, 2, 0, 0, 0)
    assert flows.column_totals[4] == 7  # BDF
    assert flows.learnings == 19


def test_practice_usage(small: Summary) -> None:
    usage = {p.id: p for p in small.practices}
    assert list(usage) == ["talent-house", "vouchers", "mentors"]
    talent = usage["talent-house"]
    assert (talent.title, talent.owner, talent.owner_label) == (
        "Talent House", "South Agency", "South Agency")
    assert [(u.plan_id, [a.number for a in u.actions]) for u in talent.users] == [
        ("north", [1, 2])]
    assert talent.users[0].actions[0].text == "Action 1 – Talent desk"
    vouchers = usage["vouchers"]
    assert [(u.partner_label, [a.text for a in u.actions]) for u in vouchers.users] == [
        ("NDA", ["Action 2 – Fast vouchers with a $ budget", "Action 3 – Kick-off"]),
        ("South Agency", ["Action 1 – Vouchers in leva"]),
    ]
    assert [p.id for p in small.unused_practices] == ["mentors"]
    assert not usage["mentors"].used and usage["vouchers"].used


# --- timeline ---------------------------------------------------------------------------------

def test_timeline(small: Summary) -> None:
    timeline = small.timeline
    assert [(b.partner, b.number, b.start, b.end) for b in timeline.bars] == [
        ("NDA", 1, (2019, 6), (2020, 12)),
        ("NDA", 2, (2020, 1), (2021, 6)),
        ("NDA", 3, (2019, 4), (2019, 4)),
        ("South Agency", 1, (2019, 9), (2020, 3)),
        ("South Agency", 2, (2020, 2), (2020, 8)),
    ]
    assert timeline.bars[2].timeframe == "April 2019"
    assert timeline.bars[1].title == "Fast vouchers with a $ budget"
    assert (timeline.start, timeline.end, timeline.span) == (
        (2019, 4), (2021, 6), "April 2019 – June 2021")
    assert timeline.phase2 == ((2019, 4), (2021, 3))
    assert timeline.phase2_text == "April 2019 – March 2021"
    assert timeline.plans == 2


# --- money ------------------------------------------------------------------------------------

def test_money_by_partner(small: Summary) -> None:
    north, south = small.money.partners
    assert (north.costs.text, north.funding.text, north.unfunded.text) == (
        "EUR 3,500.50", "EUR 1,700", "EUR 1,800.50")  # 500 + 200 + 1,000 funded
    assert (south.costs.text, south.funding.text, south.unfunded.text) == (
        "EUR 300; BGN 10,000", "EUR 300; BGN 4,000", "EUR 0; BGN 6,000")
    assert south.unfunded.get("BGN") == 6000
    assert small.money.costs.text == "EUR 3,800.50; BGN 10,000"
    assert small.money.funding.text == "EUR 2,000; BGN 4,000"
    assert small.money.unfunded.text == "EUR 1,800.50; BGN 6,000"


def test_money_by_source(small: Summary) -> None:
    rows = [(s.source, s.amount.text, s.partners) for s in small.money.sources]
    assert rows == [
        ("ERDF", "EUR 1,800", "NDA, South Agency"),  # 500 + 1,000 + 300
        ("Ministry", "–", "NDA"),  # named without an amount
        ("Municipality", "BGN 4,000", "South Agency"),  # the costs' currency
        ("Own funds", "EUR 200", "NDA"),
    ]


def test_unfunded_needs_a_shared_currency(small_partnership: Partnership) -> None:
    entry = small_partnership.plans[1]
    b1 = entry.plan.actions[0]
    paid_in_euro = b1.model_copy(update={"funding": [
        b1.funding[0].model_copy(update={"currency": "EUR"})]})
    b2 = entry.plan.actions[1].model_copy(update={"funding": []})
    plan = entry.plan.model_copy(update={"actions": [paid_in_euro, b2]})
    changed = dataclasses.replace(small_partnership, plans=(
        small_partnership.plans[0], dataclasses.replace(entry, plan=plan)))
    south = build_summary(changed).money.partners[1]
    assert south.funding.text == "EUR 4,000"
    # EUR costs 300, EUR funding 4,000: -3,700; BGN costs have no BGN funding to set against.
    # (CLDR's British English puts the minus before the currency.)
    assert south.unfunded.text == "-EUR 3,700"


# --- topics -----------------------------------------------------------------------------------

def test_topics(small: Summary) -> None:
    impact, growth = small.topics
    assert (impact.title, impact.coordinator) == ("Impact", "South Agency")
    assert [(lr.partner_label, lr.title) for lr in impact.learnings] == [
        ("NDA", "Returning talent opens markets"), ("South Agency", "Vouchers from the north")]
    assert (growth.title, growth.coordinator) == ("Growth", None)
    assert [lr.title for lr in growth.learnings] == ["Vouchers decided fast"]
    assert [(lr.plan_id, lr.title) for lr in small.learnings_without_topic] == [
        ("north", "Meetings at home teach too"), ("south", "Chambers as partners")]


# --- open points ------------------------------------------------------------------------------

def test_open_points(small: Summary) -> None:
    points = small.open_points
    assert points.warnings == (
        "small/north.yaml:23: the learning `l3` is used by no action.",
        "small/north.yaml:45: the timeframe 2020-01 – 2021-06 falls outside phase 2 "
        "(2019-04 – 2021-03).",
    )
    assert points.drafts == ("South Agency: plan south, version 0.2, is a draft.",)
    assert points.without_plan == ("West Chamber",)  # east joins north's plan
    assert points.skipped == ()
    assert points.count == 4


def test_skipped_plans_are_open_points(small_partnership: Partnership) -> None:
    skipped = [
        Issue("small/z.yaml", 9, 3, "date", "`2019-02-30` is not a real date."),
        Issue("small/b.yaml", 4, 1, "status", "`final` is not one of: draft, submitted."),
        Issue("small/z.yaml", 2, 1, "partner", "`nowhere` is not a partner of project.yaml."),
        Issue("small/z.yaml", 5, 1, "date", "a warning", severity="warning"),
    ]
    points = build_summary(small_partnership, skipped=skipped).open_points
    assert [(s.file, s.text) for s in points.skipped] == [
        ("small/b.yaml", "small/b.yaml has errors and was left out: 1 error."),
        ("small/z.yaml", "small/z.yaml has errors and was left out: 2 errors."),
    ]
    assert points.skipped[1].issues == (
        "small/z.yaml:2: `nowhere` is not a partner of project.yaml.",
        "small/z.yaml:5: a warning",
        "small/z.yaml:9: `2019-02-30` is not a real date.",
    )
    assert points.count == 6


# --- properties -------------------------------------------------------------------------------

def test_pure_and_deterministic(small_partnership: Partnership) -> None:
    assert build_summary(small_partnership) == build_summary(small_partnership)
    summary = build_summary(small_partnership)
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.acronym = "x"  # type: ignore[misc]


@pytest.mark.parametrize("folder", ["plans", "examples/full", "examples/minimal"])
def test_every_partnership_summarises(folder: str) -> None:
    if not (ROOT / folder).is_dir():
        pytest.skip(f"{folder} is not in this checkout")
    summary = build_summary(load_partnership(ROOT / folder, display_root=ROOT))
    assert len(summary.overview) == summary.totals.plans
    assert len(summary.timeline.bars) == summary.totals.actions
    assert all(row.costs.text for row in summary.overview)


def test_no_plans_left(small_partnership: Partnership) -> None:
    """Every plan skipped: the summary still stands, and says so."""
    summary = build_summary(dataclasses.replace(small_partnership, plans=(), warnings=()),
                            skipped=[Issue("small/north.yaml", 1, 1, "", "broken.")])
    assert summary.overview == () and summary.totals.actions == 0
    assert (summary.totals.costs.text, summary.totals.timeframe) == ("–", "–")
    assert summary.timeline.bars == () and summary.timeline.span == "–"
    assert summary.flows.counts == () and summary.flows.column_totals == (0, 0, 0, 0)
    assert summary.unused_practices == summary.practices
    assert summary.open_points.without_plan == (
        "North Development Agency", "South Agency", "East Ministry", "West Chamber")
    assert summary.open_points.skipped[0].text == "small/north.yaml has errors and was left out: 1 error."
