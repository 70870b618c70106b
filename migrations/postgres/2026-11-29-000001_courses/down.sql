DROP TABLE course_sessions;
DROP TABLE course_outcome_skills;
DROP TABLE course_outcomes;
DROP TABLE courses;
