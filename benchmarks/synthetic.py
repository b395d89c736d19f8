"""A synthetic partnership of N action plans, for the speed benchmark.

    python benchmarks/synthetic.py N OUTDIR [--seed S]

writes OUTDIR/project.yaml (N partners, events, good practices, topics) and N plan files of
realistic size: like the files in `plans/` (about 8-10 kB of YAML, 6-8 PDF pages each), with
3 learnings, 3 actions (multi-paragraph markdown background, bullet or numbered activities,
3 players, costs, funding, indicators, sometimes monitoring notes) and a signature.

The output is deterministic: the same N and seed give byte-identical files, and plan i is the
same whatever N is (only the learning sources, which pick other partners, depend on N). The
result passes `actionplan validate OUTDIR` without warnings: lowercase ids, months "YYYY-MM",
NUTS-2 prefixes that match the country, timeframes inside phase 2, every learning used by an
action, funding never above costs, the plan date not after the signature date.

Only the standard library is used, so the generator runs before the package is installed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

SEED = 20190329

# (country, NUTS-2 code, region): the NUTS prefix matches the country (EL for Greece).
REGIONS = [
    ("HU", "HU22", "Nyugat-Dunántúl"), ("HU", "HU10", "Közép-Magyarország"),
    ("RO", "RO31", "Sud-Muntenia"), ("RO", "RO11", "Nord-Vest"),
    ("DE", "DE11", "Stuttgart"), ("DE", "DE21", "Oberbayern"),
    ("NL", "NL12", "Friesland"), ("NL", "NL33", "Zuid-Holland"),
    ("PT", "PT11", "Norte"), ("PT", "PT16", "Centro"),
    ("ES", "ES21", "País Vasco"), ("ES", "ES51", "Cataluña"),
    ("IT", "ITC4", "Lombardia"), ("IT", "ITH5", "Emilia-Romagna"),
    ("FR", "FRK2", "Rhône-Alpes"), ("PL", "PL21", "Małopolskie"),
    ("EL", "EL30", "Attiki"), ("SI", "SI04", "Zahodna Slovenija"),
    ("FI", "FI1B", "Helsinki-Uusimaa"), ("SE", "SE22", "Sydsverige"),
    ("CZ", "CZ06", "Jihovýchod"), ("AT", "AT13", "Wien"),
    ("BE", "BE21", "Prov. Antwerpen"), ("IE", "IE06", "Eastern and Midland"),
]
ORG_KINDS = [
    "Regional Development Agency", "Chamber of Commerce and Industry", "Innovation Centre",
    "Ministry of Economy", "Business Development Agency", "Cluster Association",
    "Municipality", "Enterprise Support Foundation", "Technology Transfer Office",
]
PLACES = {
    "HU22": "Győr", "HU10": "Budapest", "RO31": "Pitești", "RO11": "Cluj-Napoca",
    "DE11": "Stuttgart", "DE21": "München", "NL12": "Leeuwarden", "NL33": "Rotterdam",
    "PT11": "Porto", "PT16": "Coimbra", "ES21": "San Sebastián", "ES51": "Barcelona",
    "ITC4": "Milano", "ITH5": "Bologna", "FRK2": "Lyon", "PL21": "Kraków", "EL30": "Athína",
    "SI04": "Ljubljana", "FI1B": "Helsinki", "SE22": "Malmö", "CZ06": "Brno", "AT13": "Wien",
    "BE21": "Antwerpen", "IE06": "Dublin",
}
FIRST = ["Anna", "Jan", "Maria", "Péter", "Elena", "Luca", "Sofia", "Miguel", "Katarzyna",
         "Jonas", "Ioana", "Nikos", "Eva", "Tomás", "Lena", "Marco", "Inês", "Mikko", "Zsófia"]
LAST = ["Kovács", "Müller", "Silva", "Popescu", "Rossi", "de Vries", "García", "Nowak",
        "Papadopoulos", "Novak", "Virtanen", "Andersson", "Horváth", "Dubois", "Murphy"]
KINDS = ["interregional-meeting", "study-visit", "peer-review", "workshop", "conference"]
TOPICS = [
    ("methodology", "Methodology: how SME support is designed and delivered"),
    ("impact", "Impact: measuring what SME support achieves"),
    ("communication", "Communication: reaching and engaging SMEs"),
    ("integration", "Policy integration: linking instruments, actors and levels"),
]
THEMES = [
    "first-time exporters", "digital transformation of manufacturing SMEs", "open innovation with",
    "access to EU research funding", "green and circular business models", "talent attraction",
    "collective internationalisation", "start-up scale-up support", "innovation vouchers",
    "cluster-based market access", "public procurement of innovation", "skills for Industry 4.0",
]
THEMES[2] = "open innovation with large companies"
NOUNS = ["advice desk", "voucher scheme", "matchmaking programme", "coaching line",
         "information caravan", "peer-learning network", "pilot call", "monitoring survey",
         "export academy", "challenge platform", "demonstration centre", "funding guide"]
VERBS = ["set up", "pilot", "extend", "open", "redesign", "launch", "link", "evaluate"]
ACTORS = ["the Managing Authority", "the regional chamber of commerce", "the university",
          "the technology centres", "the business associations", "the cluster organisations",
          "the municipalities of the region", "the national export promotion agency",
          "the Enterprise Europe Network", "the regional innovation agency"]
ROLES = ["Designs and runs the call", "Provides advisers", "Promotes the action among its members",
         "Co-finances the pilot", "Monitors the results and reports to the stakeholder group"]
SENTENCES = [
    "The peer review showed that {theme} is the weak point of the current {instrument}.",
    "Most companies that use the {instrument} today already know the support system well; "
    "newcomers rarely apply, and when they do they often lack the knowledge to turn a grant "
    "into results.",
    "At the meeting in {place} we saw how {partner} organises {a_noun} with {actor}, and how "
    "a light first step in front of the funding brings in companies that would never apply.",
    "Our own analysis of the calls of 2016 to 2018 confirmed that **{pct} %** of the "
    "beneficiaries were companies with more than fifty employees.",
    "The *{practice}* practice impressed the stakeholder group because it is cheap to run, "
    "easy to explain and measured from the start.",
    "{Actor} agreed that the {instrument} should be adapted, and asked for a pilot before the "
    "change is written into the next call.",
    "We expect that about {n} companies a year will take part, most of them micro and small "
    "enterprises outside the regional capital.",
    "The lesson for us is that support must start from the company's real problem, not from a "
    "list of eligible costs.",
    "Results will be followed one year after the support, asking for new markets, turnover and "
    "jobs, as the *Impact* topic of the project recommends.",
    "The regional stakeholder group discussed the idea twice and proposed to combine it with "
    "the existing [regional innovation strategy](https://example.org/ris3/{slug}).",
    "Both the companies and {actor} saw the value of one address for every question on {theme}.",
    "Compared with the old procedure, the application takes half the time and needs no "
    "external consultant.",
]


def _words(rng: random.Random, ctx: dict[str, str], count: int) -> str:
    picks = rng.sample(SENTENCES, count)
    out = []
    for s in picks:
        actor = rng.choice(ACTORS)
        out.append(s.format(Actor=actor[0].upper() + actor[1:], actor=actor,
                            n=rng.randrange(15, 120), pct=rng.randrange(55, 85),
                            a_noun=_a(ctx["noun"]), **ctx))
    return " ".join(out)


def _wrap(text: str, indent: str, width: int = 96, first: str | None = None) -> list[str]:
    """Wrap text at word boundaries like a person would (the YAML keeps the line breaks)."""
    lines, line = [], first if first is not None else indent
    start = len(line)
    for word in text.split():
        if len(line) + 1 + len(word) > width and len(line) > start:
            lines.append(line)
            line = indent + ("   " if first and first.strip()[:1].isdigit() else
                             "  " if first and first.strip()[:1] == "-" else "")
            start = len(line)
        line += ("" if len(line) == start else " ") + word
    lines.append(line)
    return lines


def _paragraphs(rng: random.Random, ctx: dict[str, str], indent: str, count: int,
                sentences: tuple[int, int] = (2, 4)) -> list[str]:
    lines: list[str] = []
    for k in range(count):
        if k:
            lines.append("")
        lines += _wrap(_words(rng, ctx, rng.randrange(*sentences) - (k > 0)), indent)
    return lines


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _list(rng: random.Random, ctx: dict[str, str], indent: str, items: int) -> list[str]:
    numbered = rng.random() < 0.5
    lines: list[str] = []
    for k in range(items):
        actor = rng.choice(ACTORS)
        text = (f"{_cap(rng.choice(VERBS))} {_a(rng.choice(NOUNS))} for {ctx['theme']} "
                f"together with {actor}, open to every SME of {ctx['region']}"
                + (f", with {rng.randrange(2, 6)} advisers trained by {rng.choice(ACTORS)}"
                   if rng.random() < 0.6 else "")
                + (". Each company receives a written note on target markets, costs and the "
                   "support measures that fit." if rng.random() < 0.3 else "."))
        marker = f"{k + 1}. " if numbered else "- "
        lines += _wrap(text, indent, first=indent + marker)
    return lines


def _q(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML double-quoted scalars)."""
    return json.dumps(value, ensure_ascii=False)


def _month(year: int, month: int) -> str:
    return f'"{year:04d}-{month:02d}"'


def partners(n: int) -> list[dict[str, str]]:
    out = []
    for i in range(n):
        country, nuts2, region = REGIONS[i % len(REGIONS)]
        kind = ORG_KINDS[i % len(ORG_KINDS)]
        out.append({"id": f"{country.lower()}-p{i + 1:03d}", "name": f"{kind} of {region} {i + 1}",
                    "short": f"{''.join(w[0] for w in kind.split())}-{i + 1}",
                    "country": country, "nuts2": nuts2, "region": region,
                    "place": PLACES[nuts2]})
    return out


def project_yaml(n: int, seed: int) -> str:
    rng = random.Random(f"{seed}:project:{n}")
    ps = partners(n)
    out = [
        f"# Synthetic partnership of {n} plans for the benchmark (seed {seed}).",
        "project:",
        "  acronym: SynthSME",
        f"  title: {_q(f'Synthetic partnership of {n} regions improving SME support policies')}",
        "  programme: Interreg Europe 2014-2020",
        "  index: PGI09999",
        '  period: {start: "2016-04", end: "2021-03"}',
        '  phase2: {start: "2019-04", end: "2021-03"}',
        f"  lead_partner: {ps[0]['id']}",
        "  disclaimer: >-",
        "    This action plan reflects the author's views only. The Interreg Europe programme",
        "    authorities are not liable for any use that may be made of the information contained therein.",
        "",
        "partners:",
    ]
    for p in ps:
        out += [f"  - id: {p['id']}", f"    name: {_q(p['name'])}", f"    short_name: {_q(p['short'])}",
                f"    country: {p['country']}", f"    region: {_q(p['region'])}",
                f"    nuts2: {p['nuts2']}"]
    out += ["", "topics:"]
    for k, (tid, title) in enumerate(TOPICS):
        out += [f"  - id: {tid}", f"    title: {_q(title)}",
                f"    coordinator: {ps[k % n]['id']}"]
    out += ["", "events:"]
    for e in range(max(3, n // 2)):
        host = ps[(e * 2) % n]
        year, month, day = 2016 + e % 3, 1 + (e * 5) % 12, 1 + (e * 7) % 27
        kind = KINDS[e % len(KINDS)]
        title = f"{kind.replace('-', ' ').capitalize()} in {host['place']} on {THEMES[e % len(THEMES)]}"
        out += [f"  - id: ev-{e + 1:03d}",
                f"    title: {_q(title)}",
                f"    kind: {kind}", f"    host: {host['id']}", f"    place: {_q(host['place'])}",
                f"    start: {year:04d}-{month:02d}-{day:02d}",
                f"    end: {year:04d}-{month:02d}-{day + 1:02d}"]
    out += ["", "good_practices:"]
    for i, p in enumerate(ps):
        theme = THEMES[i % len(THEMES)]
        summary = _words(rng, {"theme": theme, "instrument": "regional programme",
                               "place": p["place"], "partner": p["short"], "noun": NOUNS[i % 12],
                               "practice": theme, "slug": p["id"], "region": p["region"]}, 2)
        title = f"{NOUNS[i % len(NOUNS)].capitalize()} for {theme} ({p['region']})"
        out += [f"  - id: gp-{i + 1:03d}", f"    title: {_q(title)}",
                f"    owner: {p['id']}", "    summary: >-"]
        out += _wrap(summary, "      ")
    return "\n".join(out) + "\n"


def plan_yaml(i: int, n: int, seed: int) -> tuple[str, str]:
    """(plan id, text) of the plan of partner i."""
    rng = random.Random(f"{seed}:plan:{i}")
    ps = partners(n)
    me = ps[i]
    others = [p for j, p in enumerate(ps) if j != i] or [me]
    n_events = max(3, n // 2)
    theme = THEMES[i % len(THEMES)]
    instrument = f"Regional Operational Programme {me['region']} 2014-2020, priority {1 + i % 4}"
    contact = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    email_user = "".join(c for c in contact.lower().split()[0] if c.isascii() and c.isalpha()) or "contact"
    day = 1 + rng.randrange(0, 27)
    plan_date = f"2019-03-{day:02d}"
    sign_date = f"2019-03-{min(28, day + rng.randrange(0, 3)):02d}"
    authority = f"Managing Authority of the Regional Operational Programme, {me['region']}"
    out = [
        f"# Synthetic action plan {i + 1} of {n}: {me['name']}.",
        f"partner: {me['id']}",
        'version: "1.0"',
        "status: approved",
        f"date: {plan_date}",
        "language: en",
        "",
        "contact:",
        f"  name: {_q(contact)}",
        f"  email: {email_user}.{i + 1}@{me['id']}.example.org",
        f'  phone: "+{30 + i % 60} {rng.randrange(10, 99)} {rng.randrange(100, 999)} '
        f'{rng.randrange(1000, 9999)}"',
        "",
        "policy_context:",
        "  instrument_type: " + ("growth-and-jobs" if i % 5 else "other"),
        f"  instrument: {_q(instrument)}",
        f"  managing_authority: {_q(authority)}",
        "  details: |",
    ]
    ctx = {"theme": theme, "instrument": "operational programme", "place": me["place"],
           "partner": others[0]["short"], "noun": rng.choice(NOUNS), "practice": theme,
           "slug": me["id"], "region": me["region"]}
    out += _paragraphs(rng, ctx, "    ", 2, (2, 3))
    out += ["", "learnings:"]
    learning_ids = []
    for k in range(3):
        src = others[rng.randrange(len(others))]
        src_index = ps.index(src)
        lid = f"{['export', 'innovation', 'impact', 'talent', 'digital', 'green'][(i + k) % 6]}-l{k + 1}"
        learning_ids.append(lid)
        lctx = dict(ctx, partner=src["short"], place=src["place"], practice=THEMES[src_index % 12])
        title = f"{_cap(THEMES[(i + k) % 12])} as practised by {src['short']}"
        out += [f"  - id: {lid}",
                f"    title: {_q(title)}",
                f"    topic: {TOPICS[(i + k) % 4][0]}",
                "    from:",
                f"      event: ev-{1 + rng.randrange(n_events):03d}",
                f"      practice: gp-{src_index + 1:03d}",
                f"      partner: {src['id']}",
                "    text: |"]
        out += _paragraphs(rng, lctx, "      ", 1 + (rng.random() < 0.3))
    out += ["", "actions:"]
    for k in range(3):
        used = [learning_ids[k]] + ([learning_ids[(k + 1) % 3]] if rng.random() < 0.4 else [])
        start_m = 4 + rng.randrange(0, 9)                 # 2019-04 .. 2019-12
        if rng.random() < 0.5:                            # 2020-01 .. 2021-03
            end_y, end_m = 2020, 1 + rng.randrange(0, 12)
        else:
            end_y, end_m = 2021, 1 + rng.randrange(0, 3)
        costs = rng.randrange(20, 300) * 1000
        share = rng.choice([0.5, 0.6, 0.75, 0.85, 1.0])
        first = int(costs * share) // 1000 * 1000
        actx = dict(ctx, noun=rng.choice(NOUNS))
        title = f"{_cap(rng.choice(VERBS))} {_a(actx['noun'])} for {THEMES[(i + k) % 12]}"
        out += [f"  - id: a{k + 1}",
                f"    title: {_q(title)}",
                f"    learnings: [{', '.join(used)}]",
                f"    improvement: {['new-projects', 'management', 'structural-change'][(i + k) % 3]}",
                "    background: |"]
        out += _paragraphs(rng, actx, "      ", 2)
        out += ["    activities: |"]
        out += _list(rng, actx, "      ", rng.randrange(3, 5))
        out += ["    players:"]
        for actor in [me["name"], *rng.sample(ACTORS, 2)]:
            name = actor if actor == me["name"] else \
                _cap(actor.replace("the ", "", 1)) + f" of {me['region']}"
            out += [f"      - name: {_q(name)}", f"        role: {_q(rng.choice(ROLES))}"]
        out += [f"    timeframe: {{start: {_month(2019, start_m)}, end: {_month(end_y, end_m)}}}",
                "    costs:", f"      amount: {costs}", "      currency: EUR",
                "      note: Staff, external expertise and promotion",
                "    funding:",
                f"      - source: {_q('ERDF ' + me['region'] + ' ROP 2014-2020')}",
                f"        amount: {first}"]
        if costs - first >= 1000:
            out += [f"      - source: {_q(me['name'] + ' own funds')}",
                    f"        amount: {costs - first}"]
        out += ["    indicators:"]
        for name, unit in rng.sample([("SMEs supported", "companies"), ("Pilot projects", "projects"),
                                      ("Applications submitted", "applications"),
                                      ("Advisers trained", "people"), ("Events organised", "events")], 2):
            out += [f"      - name: {name}", f"        target: {rng.randrange(3, 150)}",
                    f"        unit: {unit}"]
        if rng.random() < 0.5:
            out += ["    monitoring:", "      status: planned", "      notes: |"]
            out += _wrap(_words(rng, actx, 1), "        ")
        out.append("")
    out += ["signature:", f"  name: {_q(contact)}", "  position: Managing Director",
            f"  organisation: {_q(me['name'])}", f"  place: {_q(me['place'])}", f"  date: {sign_date}"]
    return f"plan-{i + 1:03d}", "\n".join(out) + "\n"


def write_partnership(n: int, outdir: Path, seed: int = SEED) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    written = [outdir / "project.yaml"]
    written[0].write_text(project_yaml(n, seed), encoding="utf-8")
    for i in range(n):
        plan_id, text = plan_yaml(i, n, seed)
        path = outdir / f"{plan_id}.yaml"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of partners and plans")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    files = write_partnership(args.n, args.outdir, args.seed)
    print(f"{args.outdir}: project.yaml and {len(files) - 1} plans")
    return 0


if __name__ == "__main__":
    sys.exit(main())
