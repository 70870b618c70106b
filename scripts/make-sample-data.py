#!/usr/bin/env python3
"""Makes the sample vacancies, courses and jobseekers in data/sample/ from the sample ESCO
subset in data/sample/esco. Deterministic: the same seed gives the same files.

Three labour-market regions in Saxony (NUTS-2 DED2 Dresden, DED4 Chemnitz, DED5 Leipzig),
vacancies that ask for the sample occupations' skills, micro-credential courses carrying the
EU standard elements, and jobseekers from each group that labour-market policy targets.

Usage: scripts/make-sample-data.py [SEED]
"""
import csv, json, os, random, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
esco = os.path.join(root, "data", "sample", "esco")
out = os.path.join(root, "data", "sample")
rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 7)

REGIONS = [  # code, city, lat, lon, postcode
    ("DED5", "Leipzig", 51.340, 12.375, "04109"),
    ("DED2", "Dresden", 51.050, 13.738, "01067"),
    ("DED4", "Chemnitz", 50.833, 12.925, "09111"),
]

occupations = list(csv.DictReader(open(os.path.join(esco, "occupations_en.csv"), encoding="utf-8")))
skills = {r["conceptUri"]: r for r in csv.DictReader(open(os.path.join(esco, "skills_en.csv"), encoding="utf-8"))}
essential, optional = {}, {}
for r in csv.DictReader(open(os.path.join(esco, "occupationSkillRelations.csv"), encoding="utf-8")):
    if r["skillUri"] in skills:
        (essential if r["relationType"] == "essential" else optional).setdefault(r["occupationUri"], []).append(r["skillUri"])
occupations = [o for o in occupations if o["conceptUri"] in essential]


def jitter(lat, lon, km=12):
    return round(lat + rng.uniform(-km, km) / 111, 4), round(lon + rng.uniform(-km, km) / 70, 4)


def label(uri):
    return skills[uri]["preferredLabel"]


def outcome(uri):
    if skills[uri]["skillType"] == "knowledge":
        return f"The learner can explain and apply {label(uri)}."
    return f"The learner can {label(uri)}."


# Vacancies: more demand for some occupations than others, as in real data.
vacancies = []
weights = [rng.paretovariate(1.2) for _ in occupations]
for i in range(90):
    occ = rng.choices(occupations, weights)[0]
    code, city, lat, lon, pc = rng.choice(REGIONS)
    asked = rng.sample(essential[occ["conceptUri"]], min(5, len(essential[occ["conceptUri"]])))
    la, lo = jitter(lat, lon)
    posted = f"2026-{rng.randint(8, 11):02d}-{rng.randint(1, 28):02d}"
    closing = f"{rng.choice(['2026-12', '2027-01', '2027-02', '2026-10'])}-{rng.randint(1, 28):02d}"
    given = rng.random() < 0.5  # half the adverts list skills; the rest describe them in prose
    vacancies.append({
        "id": f"V-{1000 + i}",
        "title": occ["preferredLabel"].capitalize() + rng.choice(["", " (m/f/d)", " - full time", " wanted"]),
        "employer": rng.choice(["Stadtwerke", "Sachsen Logistik", "Pflegedienst Elbe", "SolarTeam Ost", "Kantine Plus",
                                "DigitalHaus", "Handwerk Meyer", "Marktkauf Mitte"]) + f" {city}",
        "region": code, "municipality": city, "postcode": pc, "latitude": la, "longitude": lo,
        "date_posted": posted, "valid_through": max(closing, posted),
        "employment_type": rng.choice(["FULL_TIME", "FULL_TIME", "PART_TIME", "TEMPORARY"]),
        "salary_min": rng.randrange(26000, 40000, 500), "salary_max": "", "salary_currency": "EUR", "salary_unit": "YEAR",
        "description": "We are looking for someone who can " + "; ".join(label(u) for u in asked) +
                       ". We are an equal opportunity employer and offer a company pension.",
        "occupation_uri": occ["conceptUri"] if given else "",
        "skill_uris": ";".join(asked) if given else "",
    })
with open(os.path.join(out, "vacancies.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(vacancies[0]), lineterminator="\n")
    w.writeheader(); w.writerows(vacancies)

# Courses: each teaches a few essential skills of one occupation; some are online.
PROVIDERS = [("Bildungswerk Sachsen", "DE"), ("Volkshochschule", "DE"), ("TU Dresden Weiterbildung", "DE"),
             ("Open Skills Academy", "NL")]
courses = []
for i in range(60):
    occ = rng.choice(occupations)
    ess = essential[occ["conceptUri"]]
    taught = rng.sample(ess, min(rng.randint(2, 4), len(ess)))
    provider, country = rng.choice(PROVIDERS)
    mode = rng.choice(["online", "on-site", "on-site", "blended"])
    code, city, lat, lon, pc = rng.choice(REGIONS)
    hours = rng.choice([24, 40, 60, 80, 120])
    starts = sorted({f"2027-{m:02d}-{rng.randint(1, 28):02d}" for m in rng.sample(range(1, 11), rng.randint(1, 3))})
    la, lo = jitter(lat, lon, 5)
    place = None if mode == "online" else {"municipality": city, "region": code, "postcode": pc, "latitude": la,
                                            "longitude": lo}
    price = rng.choice([0, 0, 19000, 45000, 89000, 149000])
    courses.append({
        "id": f"C-{2000 + i}",
        "title": f"{label(taught[0]).capitalize()} - micro-credential",
        "issuer_country": country if rng.random() > 0.1 else None,
        "issuer_region": code if country == "DE" else None,
        "awarding_body": provider,
        "date_of_issue": f"2026-{rng.randint(1, 10):02d}-01",
        "learning_outcomes": [{"text": outcome(u), "skill_uris": [u]} for u in taught],
        "ects": round(hours / 27, 1),
        "eqf_level": rng.choice([2, 3, 4, 4, 5]),
        "assessment": rng.choice(["practical test", "written exam", "portfolio", None]),
        "participation": {"mode": mode, "pace": rng.choice(["part-time", "full-time"])},
        "quality_assurance": rng.choice(["AZAV certified provider", "ISO 29993", None]),
        "provider": provider,
        "hours": hours,
        "sessions": [{"start": s, "end": None, "location": place, "seats": rng.choice([8, 12, 16, 20])} for s in starts],
        "cost": {"amount_minor": price, "currency": "EUR",
                 "eligible_funding": rng.sample(["education-voucher", "esf-plus", "youth-guarantee"], rng.randint(0, 2))},
        "languages": rng.choice([["de"], ["de"], ["en"], ["de", "en"]]),
        "accessibility": rng.sample(["step-free-access", "sign-language", "screen-reader", "hearing-loop"], rng.randint(0, 2)),
        "prerequisites": [],
        "stacks_into": rng.choice([None, None, f"Certificate in {occ['preferredLabel']}"]),
        "url": None,
    })
with open(os.path.join(out, "courses.jsonl"), "w", encoding="utf-8") as f:
    for c in courses:
        f.write(json.dumps(c, ensure_ascii=False) + "\n")

# Jobseekers: two from each targeted group, and some from none.
GROUPS = ["young", "long_term_unemployed", "minimum_income", "disability", "low_qualified", "older_worker"]
people = []
for i in range(16):
    code, city, lat, lon, pc = REGIONS[i % 3]
    history = rng.choice(occupations)
    target = rng.choice([o for o in occupations if o is not history])
    held = rng.sample(essential[history["conceptUri"]], min(6, len(essential[history["conceptUri"]])))
    held += rng.sample(essential[target["conceptUri"]], min(2, len(essential[target["conceptUri"]])))
    flags = {g: False for g in GROUPS}
    if i < 12:
        flags[GROUPS[i // 2]] = True
    la, lo = jitter(lat, lon)
    people.append({
        "profile": {
            "id": f"J-{3000 + i}", "office": f"office-{code.lower()}",
            "skills": [{"uri": u, "source": rng.choice(["declared", "caseworker-confirmed", "extracted-from-cv"])}
                       for u in dict.fromkeys(held)],
            "work_history": [history["conceptUri"]],
            "target_occupations": [target["conceptUri"]] if i % 4 else [],
            "location": {"municipality": city, "region": code, "postcode": pc, "latitude": la, "longitude": lo},
            "travel_radius_km": rng.choice([10, 25, 40]),
            "available_from": f"2027-0{rng.randint(1, 3)}-01",
            "preferred_modes": rng.choice([["online"], ["on-site", "blended"], ["online", "on-site", "blended"]]),
            "languages": ["de"] if i % 5 else ["de", "en"],
            "accessibility_needs": ["step-free-access"] if flags["disability"] and i % 2 == 0 else [],
            "budget_minor": rng.choice([None, 0, 50000]),
            "funding_eligibility": ["education-voucher"] + (["youth-guarantee"] if flags["young"] else []),
            "highest_eqf": 2 if flags["low_qualified"] else rng.choice([3, 4, 5, 6]),
        },
        "groups": dict(flags, lawful_basis="SGB III s.35 (placement)" if any(flags.values()) else ""),
    })
with open(os.path.join(out, "jobseekers.jsonl"), "w", encoding="utf-8") as f:
    for p in people:
        f.write(json.dumps(p, ensure_ascii=False) + "\n")

print(f"{len(vacancies)} vacancies, {len(courses)} courses, {len(people)} jobseekers -> {out}")
