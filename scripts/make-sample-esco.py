#!/usr/bin/env python3
"""Makes data/sample/esco: a small, coherent subset of the official ESCO CSV download in the
same file layout, for the demo and for tests that must run without ../shared.

Licence rule: concepts are named by their real URI and preferred label only; no ESCO
description or alternative label is copied. Descriptions are our own template sentences, and
the few alternative labels are written here by hand.

Usage: scripts/make-sample-esco.py [ESCO_DIR] [OUT_DIR]
"""
import csv, os, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "esco-v1.1.1")
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "data", "sample", "esco")
os.makedirs(out, exist_ok=True)

OCCUPATIONS = [
    # green
    "solar energy technician", "solar energy engineer", "insulation worker", "energy assessor",
    "recycling worker", "energy consultant",
    # digital
    "software developer", "data analyst", "ICT help desk agent", "web developer",
    # care and health
    "healthcare assistant", "home care aide", "care at home worker",
    # logistics
    "warehouse worker", "forklift operator", "car and van delivery driver",
    # hospitality and retail
    "cook", "kitchen assistant", "shop assistant", "cashier",
    # construction and office
    "domestic electrician", "plumber", "administrative assistant", "bookkeeper",
]
ESSENTIAL, OPTIONAL = 12, 6
# Hand-written alternative labels (not ESCO's), so that the demo shows label matching.
OUR_ALT_LABELS = {
    "solar energy technician": ["solar panel installer", "PV installer"],
    "software developer": ["programmer", "software engineer"],
    "warehouse worker": ["warehouse operative", "stock handler"],
    "home care aide": ["home help"],
    "car and van delivery driver": ["delivery driver", "courier driver"],
}


def rows(name):
    with open(os.path.join(src, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(name, header, records):
    with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in records:
            w.writerow([r.get(h, "") for h in header])


def describe(label, kind):
    return f"Sample {kind} for the skillpath demo: {label}."


occ_all = {r["preferredLabel"]: r for r in rows("occupations_en.csv")}
occupations = [occ_all[l] for l in OCCUPATIONS]
occ_uris = {o["conceptUri"] for o in occupations}

relations, skill_uris = [], set()
all_relations = rows("occupationSkillRelations.csv")
for o in occupations:
    mine = [r for r in all_relations if r["occupationUri"] == o["conceptUri"]]
    chosen = [r for r in mine if r["relationType"] == "essential"][:ESSENTIAL] + \
             [r for r in mine if r["relationType"] == "optional"][:OPTIONAL]
    relations += chosen
    skill_uris |= {r["skillUri"] for r in chosen}

skills_all = {r["conceptUri"]: r for r in rows("skills_en.csv")}
broader_all = rows("broaderRelationsSkillPillar.csv")
groups_all = {r["conceptUri"]: r for r in rows("skillGroups_en.csv")}
# Close the set upward: broader skills and skill groups, so that hierarchy-aware coverage
# can be shown on the sample.
group_uris, broader = set(), []
frontier = set(skill_uris)
while frontier:
    nxt = set()
    for b in broader_all:
        if b["conceptUri"] in frontier:
            broader.append(b)
            if b["broaderType"] == "KnowledgeSkillCompetence":
                if b["broaderUri"] not in skill_uris:
                    skill_uris.add(b["broaderUri"]); nxt.add(b["broaderUri"])
            elif b["broaderUri"] not in group_uris:
                group_uris.add(b["broaderUri"]); nxt.add(b["broaderUri"])
    frontier = nxt

def concept(r, kind, extra=()):
    d = {k: r[k] for k in ("conceptType", "conceptUri", "preferredLabel", "status") if k in r}
    for k in extra:
        d[k] = r[k]
    d["description"] = describe(r["preferredLabel"], kind)
    return d

skills = []
for u in sorted(skill_uris):
    d = concept(skills_all[u], "skill", ("skillType", "reuseLevel"))
    skills.append(d)
# One skill keeps a multi-line alternative-label field, as the official files have.
skills[0]["altLabels"] = "sample label one\nsample label two"
write("skills_en.csv", ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels",
                        "hiddenLabels", "status", "modifiedDate", "scopeNote", "definition", "inScheme", "description"], skills)

groups = [concept(groups_all[u], "skill group", ("code",)) for u in sorted(group_uris)]
write("skillGroups_en.csv", ["conceptType", "conceptUri", "preferredLabel", "altLabels", "hiddenLabels", "status",
                             "modifiedDate", "scopeNote", "inScheme", "description", "code"], groups)

isco_all = {r["code"]: r for r in rows("ISCOGroups_en.csv")}
isco_codes = set()
for o in occupations:
    c = o["iscoGroup"]
    for n in range(1, len(c) + 1):
        isco_codes.add(c[:n])
iscos = [concept(isco_all[c], "ISCO group", ("code",)) for c in sorted(isco_codes)]
write("ISCOGroups_en.csv", ["conceptType", "conceptUri", "code", "preferredLabel", "status", "altLabels",
                            "inScheme", "description"], iscos)

occ_rows = []
for o in occupations:
    d = concept(o, "occupation", ("iscoGroup", "code"))
    d["altLabels"] = "\n".join(OUR_ALT_LABELS.get(o["preferredLabel"], []))
    occ_rows.append(d)
write("occupations_en.csv", ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels",
                             "status", "modifiedDate", "regulatedProfessionNote", "scopeNote", "definition", "inScheme",
                             "description", "code"], occ_rows)

# Two deliberate rows to an occupation that the sample does not contain: the loader must
# report them and load nothing for them, as it does for the 67 such rows of ESCO v1.1.1.
ghost = "http://data.europa.eu/esco/occupation/00000000-0000-4000-8000-000000000000"
relations += [dict(relations[0], occupationUri=ghost), dict(relations[1], occupationUri=ghost)]
write("occupationSkillRelations.csv", ["occupationUri", "relationType", "skillType", "skillUri"], relations)
write("broaderRelationsSkillPillar.csv", ["conceptType", "conceptUri", "broaderType", "broaderUri"],
      [b for b in broader if b["broaderUri"] in skill_uris | group_uris])

occ_broader = [r for r in rows("broaderRelationsOccPillar.csv")
               if (r["conceptUri"] in occ_uris and r["broaderType"] == "ISCOGroup" and r["broaderUri"] in {i["conceptUri"] for i in iscos})
               or (r["conceptType"] == "ISCOGroup" and r["conceptUri"] in {i["conceptUri"] for i in iscos} and r["broaderUri"] in {i["conceptUri"] for i in iscos})]
write("broaderRelationsOccPillar.csv", ["conceptType", "conceptUri", "broaderType", "broaderUri"], occ_broader)

write("skillSkillRelations.csv", ["originalSkillUri", "originalSkillType", "relationType", "relatedSkillType", "relatedSkillUri"],
      [r for r in rows("skillSkillRelations.csv") if r["originalSkillUri"] in skill_uris and r["relatedSkillUri"] in skill_uris])

hier_rows = list(csv.reader(open(os.path.join(src, "skillsHierarchy_en.csv"), encoding="utf-8", newline="")))
hier_header, hier = hier_rows[0], hier_rows[1:]
def deepest(r):
    for l in (3, 2, 1, 0):
        i = 2 * l
        if i < len(r) and r[i]:
            return l, r[i], r[i + 1]
keep = []
for r in hier:
    level, uri, label = deepest(r)
    if uri in group_uris:
        r = list(r) + [""] * (len(hier_header) - len(r))
        r[8] = describe(label, "skill hierarchy node")  # our description, not ESCO's
        r[9] = ""
        keep.append(r)
uris_kept = {deepest(r)[1] for r in keep}
# Keep nodes whose ancestors are all present, so that every parent resolves.
keep = [r for r in keep if all(not r[2 * l] or r[2 * l] in uris_kept for l in range(deepest(r)[0]))]
with open(os.path.join(out, "skillsHierarchy_en.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n"); w.writerow(hier_header); w.writerows(keep)

colls = [("greenSkillsCollection_en.csv", skill_uris), ("digitalSkillsCollection_en.csv", skill_uris),
         ("transversalSkillsCollection_en.csv", skill_uris), ("digCompSkillsCollection_en.csv", skill_uris),
         ("languageSkillsCollection_en.csv", skill_uris), ("researchSkillsCollection_en.csv", skill_uris),
         ("researchOccupationsCollection_en.csv", occ_uris)]
for name, allowed in colls:
    members = [r for r in rows(name) if r["conceptUri"] in allowed]
    write(name, ["conceptType", "conceptUri", "preferredLabel", "status", "description"],
          [concept(r, "collection member") for r in members])

print(f"{len(occupations)} occupations, {len(skills)} skills, {len(groups)} skill groups, "
      f"{len(relations)} relations ({2} deliberately dangling), {len(keep)} hierarchy nodes -> {out}")
