DROP INDEX jobseeker_groups_recorded;
DROP INDEX jobseekers_loaded;
