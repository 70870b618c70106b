-- ESCO taxonomy. Concepts are never deleted (profiles, courses and vacancies keep their
-- URIs), only flagged obsolete when a newer release drops them. Label lists are
-- newline-joined text: ESCO labels never contain a newline.

CREATE TABLE skills (
    uri TEXT PRIMARY KEY NOT NULL,
    skill_type TEXT,
    reuse_level TEXT,
    preferred_label TEXT NOT NULL,
    alt_labels TEXT NOT NULL DEFAULT '',
    hidden_labels TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    modified TEXT,
    obsolete BOOLEAN NOT NULL DEFAULT 0
);

CREATE TABLE skill_groups (
    uri TEXT PRIMARY KEY NOT NULL,
    code TEXT,
    preferred_label TEXT NOT NULL,
    alt_labels TEXT NOT NULL DEFAULT '',
    hidden_labels TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    obsolete BOOLEAN NOT NULL DEFAULT 0
);

CREATE TABLE occupations (
    uri TEXT PRIMARY KEY NOT NULL,
    isco_group TEXT NOT NULL,
    code TEXT NOT NULL,
    preferred_label TEXT NOT NULL,
    alt_labels TEXT NOT NULL DEFAULT '',
    hidden_labels TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    definition TEXT NOT NULL DEFAULT '',
    regulated_profession_note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    modified TEXT,
    obsolete BOOLEAN NOT NULL DEFAULT 0
);
CREATE INDEX occupations_isco_group_idx ON occupations (isco_group);

-- ESCO's ISCO files carry no hidden labels, but the domain type has them; the column keeps
-- a round trip exact whatever the ingester puts there.
CREATE TABLE isco_groups (
    uri TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL,
    preferred_label TEXT NOT NULL,
    alt_labels TEXT NOT NULL DEFAULT '',
    hidden_labels TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    obsolete BOOLEAN NOT NULL DEFAULT 0
);

-- Relation tables are WITHOUT ROWID: their primary key is the whole lookup path, so a
-- separate rowid b-tree would only double their size.
CREATE TABLE occupation_skills (
    occupation_uri TEXT NOT NULL REFERENCES occupations (uri),
    skill_uri TEXT NOT NULL REFERENCES skills (uri),
    relation_type TEXT NOT NULL,
    PRIMARY KEY (occupation_uri, skill_uri)
) WITHOUT ROWID;
CREATE INDEX occupation_skills_skill_idx ON occupation_skills (skill_uri);

-- Polymorphic (skills, skill groups, occupations, ISCO groups): no foreign key can say that.
CREATE TABLE broader_relations (
    concept_uri TEXT NOT NULL,
    concept_type TEXT NOT NULL,
    broader_uri TEXT NOT NULL,
    broader_type TEXT NOT NULL,
    PRIMARY KEY (concept_uri, broader_uri)
) WITHOUT ROWID;
CREATE INDEX broader_relations_broader_idx ON broader_relations (broader_uri);

CREATE TABLE skill_relations (
    original_uri TEXT NOT NULL REFERENCES skills (uri),
    related_uri TEXT NOT NULL REFERENCES skills (uri),
    relation_type TEXT NOT NULL,
    PRIMARY KEY (original_uri, related_uri)
) WITHOUT ROWID;
CREATE INDEX skill_relations_related_idx ON skill_relations (related_uri);

CREATE TABLE skill_hierarchy (
    uri TEXT PRIMARY KEY NOT NULL,
    level INTEGER NOT NULL,
    code TEXT NOT NULL,
    preferred_label TEXT NOT NULL,
    parent_uri TEXT,
    description TEXT NOT NULL DEFAULT '',
    scope_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX skill_hierarchy_parent_idx ON skill_hierarchy (parent_uri);

CREATE TABLE collection_members (
    collection TEXT NOT NULL,
    concept_uri TEXT NOT NULL,
    PRIMARY KEY (collection, concept_uri)
) WITHOUT ROWID;
CREATE INDEX collection_members_concept_idx ON collection_members (concept_uri);

CREATE TABLE esco_releases (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    release_label TEXT NOT NULL,
    -- UTC, without zone.
    loaded_at TIMESTAMP NOT NULL,
    -- JSON: the load's per-table changes.
    summary TEXT NOT NULL
);
