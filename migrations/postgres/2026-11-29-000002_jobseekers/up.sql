-- Jobseeker profiles, updated in place by id. Lists of codes are JSON arrays in text; held
-- skills have a table of their own so they can be counted and queried by skill.
CREATE TABLE jobseekers (
    id TEXT PRIMARY KEY NOT NULL,
    office TEXT NOT NULL,
    work_history TEXT NOT NULL,
    target_occupations TEXT NOT NULL,
    municipality TEXT,
    region TEXT,
    postcode TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    travel_radius_km DOUBLE PRECISION NOT NULL,
    available_from DATE,
    preferred_modes TEXT NOT NULL,
    languages TEXT NOT NULL,
    accessibility_needs TEXT NOT NULL,
    budget_minor BIGINT,
    funding_eligibility TEXT NOT NULL,
    highest_eqf INTEGER,
    source TEXT NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);
CREATE INDEX jobseekers_office ON jobseekers (office);

CREATE TABLE jobseeker_skills (
    jobseeker_id TEXT NOT NULL REFERENCES jobseekers (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    skill_uri TEXT NOT NULL,
    skill_source TEXT NOT NULL,
    PRIMARY KEY (jobseeker_id, position)
);
CREATE INDEX jobseeker_skills_skill ON jobseeker_skills (skill_uri);

-- Group membership is special-category data: a table apart, so no profile read touches it
-- and access to it can be granted or audited on its own.
CREATE TABLE jobseeker_groups (
    jobseeker_id TEXT PRIMARY KEY NOT NULL REFERENCES jobseekers (id) ON DELETE CASCADE,
    young BOOLEAN NOT NULL,
    long_term_unemployed BOOLEAN NOT NULL,
    minimum_income BOOLEAN NOT NULL,
    disability BOOLEAN NOT NULL,
    low_qualified BOOLEAN NOT NULL,
    older_worker BOOLEAN NOT NULL,
    lawful_basis TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
