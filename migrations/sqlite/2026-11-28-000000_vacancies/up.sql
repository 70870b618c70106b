-- Vacancies, updated in place by id when a source is loaded again. Closed vacancies stay:
-- they no longer count toward current demand but still feed trends.
CREATE TABLE vacancies (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    employer TEXT,
    municipality TEXT,
    region TEXT,
    postcode TEXT,
    latitude DOUBLE,
    longitude DOUBLE,
    posted DATE,
    closing DATE,
    contract_type TEXT,
    working_time TEXT,
    salary_min DOUBLE,
    salary_max DOUBLE,
    salary_currency TEXT,
    salary_period TEXT,
    description TEXT NOT NULL DEFAULT '',
    occupation_uri TEXT,
    source TEXT NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);
CREATE INDEX vacancies_region_closing ON vacancies (region, closing);

-- Skills a vacancy asks for: given by its source, or extracted from its text later.
CREATE TABLE vacancy_skills (
    vacancy_id TEXT NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    skill_uri TEXT NOT NULL,
    origin TEXT NOT NULL,
    PRIMARY KEY (vacancy_id, skill_uri)
);
CREATE INDEX vacancy_skills_skill ON vacancy_skills (skill_uri);
