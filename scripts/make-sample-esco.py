#!/usr/bin/env python3
"""Makes data/sample/esco: a small, coherent subset of the official ESCO v1.1.1 CSV download,
with the same file names and headers, for the demo and for tests that must run without the
real download.

Licence rule: concepts are named by their real URI and preferred label, with their real
types, codes and relations; no ESCO description, scope note or alternative label is copied.
Descriptions are template sentences or written here, and the few alternative labels are ours.

What is in it:
- the occupations below (green, digital, care, logistics, hospitality, retail, construction,
  office) with their first 12 essential and 6 optional skills in file order;
- the skill-to-skill broader relations among those skills, with any broader skill in between,
  and the transversal skills right above two or more of them (the matcher's hierarchy-aware
  coverage walks skill-to-skill broader relations);
- for the skills of three showcase occupations, their skill groups up to the top of the
  skills hierarchy, with the hierarchy rows (kept ragged, as the official file's are). Doing
  this for every skill would double the sample, which is meant to stay under 300 kB;
- skill-skill relations among the included skills, ISCO groups with their parent chain,
  collection membership;
- two relation rows to a real occupation that the sample leaves out, so that the dangling
  report has something to show (ESCO v1.1.1 itself has 67 such rows).

Usage: scripts/make-sample-esco.py [ESCO_DIR] [OUT_DIR]
"""
import csv
import os
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "esco-v1.1.1")
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "data", "sample", "esco")

# Preferred label -> our own one-line description. The order is the order of the file.
OCCUPATIONS = {
    # green
    "solar energy technician": "Installs and services solar panels and solar heating on buildings.",
    "solar energy engineer": "Designs solar power installations and checks how well they perform.",
    "insulation worker": "Fits insulation into walls, roofs and floors to keep heat in.",
    "energy assessor": "Rates how much energy a building uses and how to lower it.",
    "recycling worker": "Sorts and processes waste so that materials can be used again.",
    "energy consultant": "Advises households and firms on cutting their energy use.",
    "onshore wind farm technician": "Inspects, maintains and repairs wind turbines on land.",
    # digital
    "software developer": "Writes, tests and maintains computer programs.",
    "data analyst": "Turns data into figures and charts that answer business questions.",
    "ICT help desk agent": "Answers users' questions about computers and fixes simple faults.",
    "web developer": "Builds and maintains websites and web applications.",
    # care and health
    "healthcare assistant": "Supports nurses with the daily care of patients.",
    "home care aide": "Helps older or disabled people with daily tasks in their own home.",
    "care at home worker": "Plans and gives social care to people living at home.",
    # logistics
    "warehouse worker": "Receives, stores, picks and packs goods in a warehouse.",
    "forklift operator": "Moves and stacks goods with a forklift truck.",
    "car and van delivery driver": "Drives goods and parcels to customers' doors.",
    # hospitality and retail
    "cook": "Prepares and cooks meals in a professional kitchen.",
    "kitchen assistant": "Prepares ingredients and keeps a kitchen clean and stocked.",
    "shop assistant": "Serves customers, stocks shelves and takes payments in a shop.",
    "cashier": "Takes payments and gives change at a till.",
    # construction and office
    "domestic electrician": "Installs and repairs electrical wiring and appliances in homes.",
    "plumber": "Installs and repairs water, gas and heating pipes.",
    "administrative assistant": "Keeps an office running: files, mail, schedules and records.",
    "bookkeeper": "Records a firm's financial transactions and prepares its accounts.",
}
ESSENTIAL, OPTIONAL = 12, 6
# Skills of these occupations get their skill groups and hierarchy rows.
SHOWCASE = ["solar energy technician", "software developer", "home care aide"]
# A real occupation the sample leaves out: two of its relation rows are kept as dangling.
ABSENT_OCCUPATION = "solar power plant operator"

# Our own alternative labels, so that the demo shows label matching.
OCCUPATION_ALT_LABELS = {
    "solar energy technician": ["solar panel installer", "PV installer"],
    "software developer": ["programmer", "software engineer"],
    "warehouse worker": ["warehouse operative", "stock handler"],
    "home care aide": ["home help"],
    "car and van delivery driver": ["delivery driver", "courier driver"],
}
SKILL_ALT_LABELS = {
    "mount photovoltaic panels": ["fit solar panels", "put up PV modules"],
    "operate forklift": ["drive a forklift truck"],
    "computer programming": ["coding", "programming"],
    "operate cash register": ["work a till"],
}
# Hidden labels are misspellings that should still match.
SKILL_HIDDEN_LABELS = {
    "mount photovoltaic panels": ["mount photovoltaik panels"],
}


def rows(name):
    with open(os.path.join(src, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def header(name):
    with open(os.path.join(src, name), encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def write(name, records):
    """Writes `records` under the official file's header; fields we do not fill stay empty."""
    head = header(name)
    with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(head)
        for r in records:
            w.writerow([r.get(h, "") for h in head])


def describe(label):
    return f"Sample description for {label}."


def only(row, *keys):
    return {k: row[k] for k in keys}


os.makedirs(out, exist_ok=True)

# Occupations and their relations.
occupations_all = {r["preferredLabel"]: r for r in rows("occupations_en.csv")}
missing = [l for l in list(OCCUPATIONS) + [ABSENT_OCCUPATION] if l not in occupations_all]
if missing:
    sys.exit(f"not in {src}: {missing}")
occupations = [occupations_all[l] for l in OCCUPATIONS]
occ_uris = {o["conceptUri"] for o in occupations}

relations_all = rows("occupationSkillRelations.csv")
relations, direct = [], set()
for o in occupations:
    mine = [r for r in relations_all if r["occupationUri"] == o["conceptUri"]]
    chosen = [r for r in mine if r["relationType"] == "essential"][:ESSENTIAL] + \
             [r for r in mine if r["relationType"] == "optional"][:OPTIONAL]
    relations += chosen
    direct |= {r["skillUri"] for r in chosen}
skill_uris = set(direct)
absent_uri = occupations_all[ABSENT_OCCUPATION]["conceptUri"]
ghost_rows = [r for r in relations_all if r["occupationUri"] == absent_uri and r["skillUri"] in skill_uris][:2]
assert len(ghost_rows) == 2, "the absent occupation shares too few skills with the sample"
relations += ghost_rows

# Broader skills, transitively, when the chain leads to another skill of the sample: those
# links are what hierarchy-aware coverage uses (holding a narrower skill covers a broader one
# that an occupation asks for). Broader skills that lead nowhere in the sample are left out.
broader_all = rows("broaderRelationsSkillPillar.csv")
broader_of = {}
for b in broader_all:
    if b["broaderType"] == "KnowledgeSkillCompetence":
        broader_of.setdefault(b["conceptUri"], []).append(b["broaderUri"])


def above(uri):
    seen, frontier = set(), [uri]
    while frontier:
        for u in broader_of.get(frontier.pop(), []):
            if u not in seen:
                seen.add(u)
                frontier.append(u)
    return seen


for u in direct:
    skill_uris |= {b for b in above(u) if b in direct or above(b) & direct}
# Transversal skills that sit right above two or more sample skills, so that the transversal
# collection has members and "work in teams"-style coverage can be shown.
transversal = {r["conceptUri"] for r in rows("transversalSkillsCollection_en.csv")}
links = {}
for u in direct:
    for b in broader_of.get(u, []):
        if b in transversal:
            links[b] = links.get(b, 0) + 1
skill_uris |= {b for b, n in links.items() if n >= 2}
# Skill groups above the showcase occupations' skills, transitively; only groups that
# skillGroups_en.csv lists (v1.1.1 has seven that only the hierarchy file names).
groups_all = {r["conceptUri"]: r for r in rows("skillGroups_en.csv")}
showcase_occ = {occupations_all[l]["conceptUri"] for l in SHOWCASE}
showcase = {r["skillUri"] for r in relations if r["occupationUri"] in showcase_occ}
showcase |= {b for u in showcase for b in above(u) if b in skill_uris}
group_of = {}
for b in broader_all:
    if b["broaderType"] == "SkillGroup":
        group_of.setdefault(b["conceptUri"], []).append(b["broaderUri"])
group_uris = set()
frontier = list(showcase)
while frontier:
    u = frontier.pop()
    for g in group_of.get(u, []):
        if g in groups_all and g not in group_uris:
            group_uris.add(g)
            frontier.append(g)

# Hierarchy rows for those groups; each row's path names its ancestors, which join too.
with open(os.path.join(src, "skillsHierarchy_en.csv"), encoding="utf-8", newline="") as f:
    hier_header, *hier_all = list(csv.reader(f))


def deepest(row):
    level = max(l for l in range(4) if 2 * l < len(row) and row[2 * l])
    return level, row[2 * level], row[2 * level + 1]


for row in hier_all:
    level, uri, _ = deepest(row)
    if uri in group_uris:
        group_uris |= {row[2 * l] for l in range(level) if row[2 * l] in groups_all}
hierarchy = []
for row in hier_all:
    level, uri, label = deepest(row)
    if uri not in group_uris:
        continue
    row = list(row)  # same length as the original: ragged rows stay ragged
    if len(row) > 8 and row[8]:
        row[8] = describe(label)
    if len(row) > 9:
        row[9] = ""
    hierarchy.append(row)
in_hierarchy = {deepest(r)[1] for r in hierarchy}
assert all(r[2 * l] in in_hierarchy for r in hierarchy for l in range(deepest(r)[0])), \
    "a hierarchy node's parent is missing"

included = skill_uris | group_uris
broader = [b for b in broader_all
           if b["conceptUri"] in included and b["broaderUri"] in included
           and (b["conceptType"] != "KnowledgeSkillCompetence" or b["broaderType"] != "SkillGroup"
                or b["conceptUri"] in showcase)]

# Concept files.
skills_all = {r["conceptUri"]: r for r in rows("skills_en.csv")}
skills = []
for u in sorted(skill_uris):
    r = skills_all[u]
    s = only(r, "conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "status")
    s["altLabels"] = "\n".join(SKILL_ALT_LABELS.get(r["preferredLabel"], []))
    s["hiddenLabels"] = "\n".join(SKILL_HIDDEN_LABELS.get(r["preferredLabel"], []))
    s["description"] = describe(r["preferredLabel"])
    skills.append(s)
labels_used = {s["preferredLabel"] for s in skills}
unused = [l for l in list(SKILL_ALT_LABELS) + list(SKILL_HIDDEN_LABELS) if l not in labels_used]
assert not unused, f"labels for skills not in the sample: {unused}"
write("skills_en.csv", skills)

write("skillGroups_en.csv", [
    dict(only(groups_all[u], "conceptType", "conceptUri", "preferredLabel", "status", "code"),
         description=describe(groups_all[u]["preferredLabel"]))
    for u in sorted(group_uris)])

isco_all = {r["code"]: r for r in rows("ISCOGroups_en.csv")}
isco_codes = {o["iscoGroup"][:n] for o in occupations for n in range(1, 5)}
iscos = [dict(only(isco_all[c], "conceptType", "conceptUri", "code", "preferredLabel", "status"),
              description=describe(isco_all[c]["preferredLabel"]))
         for c in sorted(isco_codes)]
isco_uris = {i["conceptUri"] for i in iscos}
write("ISCOGroups_en.csv", iscos)

write("occupations_en.csv", [
    dict(only(o, "conceptType", "conceptUri", "iscoGroup", "preferredLabel", "status", "code"),
         altLabels="\n".join(OCCUPATION_ALT_LABELS.get(o["preferredLabel"], [])),
         description=OCCUPATIONS[o["preferredLabel"]])
    for o in occupations])

# Relation files.
write("occupationSkillRelations.csv", relations)
write("broaderRelationsSkillPillar.csv", broader)
write("broaderRelationsOccPillar.csv", [
    r for r in rows("broaderRelationsOccPillar.csv")
    if r["conceptUri"] in occ_uris | isco_uris and r["broaderUri"] in occ_uris | isco_uris])
write("skillSkillRelations.csv", [
    r for r in rows("skillSkillRelations.csv")
    if r["originalSkillUri"] in skill_uris and r["relatedSkillUri"] in skill_uris])
with open(os.path.join(out, "skillsHierarchy_en.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(hier_header)
    w.writerows(hierarchy)

# Collections: membership is real; the text fields are ours. Like the official files they
# join several values with " | ".
label_of = {u: r["preferredLabel"] for u, r in list(skills_all.items()) + list(groups_all.items())}
broader_in_sample = {}
for b in broader:
    broader_in_sample.setdefault(b["conceptUri"], []).append(b["broaderUri"])
for name, allowed in [
    ("greenSkillsCollection_en.csv", skill_uris), ("digitalSkillsCollection_en.csv", skill_uris),
    ("transversalSkillsCollection_en.csv", skill_uris), ("digCompSkillsCollection_en.csv", skill_uris),
    ("languageSkillsCollection_en.csv", skill_uris), ("researchSkillsCollection_en.csv", skill_uris),
    ("researchOccupationsCollection_en.csv", occ_uris),
]:
    members = []
    for r in rows(name):
        if r["conceptUri"] not in allowed:
            continue
        m = only(r, *[k for k in ("conceptType", "conceptUri", "preferredLabel", "status",
                                  "skillType", "reuseLevel") if k in r])
        own = SKILL_ALT_LABELS.get(r["preferredLabel"], [])
        m["altLabels"] = " | ".join(own)
        m["description"] = describe(r["preferredLabel"])
        up = broader_in_sample.get(r["conceptUri"], [])
        m["broaderConceptUri"] = " | ".join(up)
        m["broaderConceptPT"] = " | ".join(label_of[u] for u in up)
        members.append(m)
    write(name, members)

size = sum(os.path.getsize(os.path.join(out, n)) for n in os.listdir(out))
print(f"{len(occupations)} occupations, {len(skills)} skills, {len(group_uris)} skill groups, "
      f"{len(hierarchy)} hierarchy rows, {len(relations)} occupation-skill rows "
      f"({len(ghost_rows)} dangling), {len(broader)} broader rows; {size / 1000:.0f} kB -> {out}")
