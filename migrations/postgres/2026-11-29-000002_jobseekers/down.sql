DROP TABLE jobseeker_groups;
DROP TABLE jobseeker_skills;
DROP TABLE jobseekers;
