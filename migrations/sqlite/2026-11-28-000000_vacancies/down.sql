DROP TABLE vacancy_skills;
DROP TABLE vacancies;
