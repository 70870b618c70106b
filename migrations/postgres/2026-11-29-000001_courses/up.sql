-- Courses as micro-credentials, replaced as a whole by id when a catalogue is loaded again.
-- Short lists (languages, funding schemes, ...) are JSON arrays in text, read only whole;
-- outcomes, their skills and sessions have tables of their own so they can be queried.
CREATE TABLE courses (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    issuer_country TEXT,
    issuer_region TEXT,
    awarding_body TEXT NOT NULL,
    date_of_issue DATE,
    ects DOUBLE PRECISION,
    eqf_level INTEGER,
    assessment TEXT,
    mode TEXT NOT NULL,
    pace TEXT NOT NULL,
    quality_assurance TEXT,
    provider TEXT NOT NULL,
    hours DOUBLE PRECISION,
    price_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    eligible_funding TEXT NOT NULL,
    languages TEXT NOT NULL,
    accessibility TEXT NOT NULL,
    prerequisites TEXT NOT NULL,
    stacks_into TEXT,
    url TEXT,
    -- Standard elements the source left out, and placeholders the reader had to put in.
    incomplete TEXT NOT NULL,
    source TEXT NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);
CREATE INDEX courses_provider ON courses (provider);

CREATE TABLE course_outcomes (
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (course_id, position)
);

CREATE TABLE course_outcome_skills (
    course_id TEXT NOT NULL,
    outcome INTEGER NOT NULL,
    position INTEGER NOT NULL,
    skill_uri TEXT NOT NULL,
    PRIMARY KEY (course_id, outcome, position),
    FOREIGN KEY (course_id, outcome) REFERENCES course_outcomes (course_id, position) ON DELETE CASCADE
);
CREATE INDEX course_outcome_skills_skill ON course_outcome_skills (skill_uri);

CREATE TABLE course_sessions (
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE,
    -- A session held online has no place; one with a place whose details are unknown has.
    online BOOLEAN NOT NULL,
    municipality TEXT,
    region TEXT,
    postcode TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    seats BIGINT,
    PRIMARY KEY (course_id, position)
);
CREATE INDEX course_sessions_start ON course_sessions (start_date);
