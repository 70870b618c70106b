-- What ingest inferred from a vacancy's own text when its source gave no structure: each
-- extracted skill's confidence (0..1; null for skills the source gave), and the score of the
-- occupation its title was normalised to (null when the source gave the occupation).
ALTER TABLE vacancy_skills ADD COLUMN confidence DOUBLE;
ALTER TABLE vacancies ADD COLUMN occupation_score DOUBLE;
