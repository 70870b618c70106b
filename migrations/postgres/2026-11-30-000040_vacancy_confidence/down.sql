ALTER TABLE vacancies DROP COLUMN occupation_score;
ALTER TABLE vacancy_skills DROP COLUMN confidence;
