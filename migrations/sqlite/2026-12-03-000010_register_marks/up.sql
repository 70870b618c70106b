-- The dashboard checks whether the register changed since it derived its report facts by
-- the newest write time of profiles and group flags; these indexes answer that from their
-- last entry instead of a pass over every profile.
CREATE INDEX jobseekers_loaded ON jobseekers (loaded_at);
CREATE INDEX jobseeker_groups_recorded ON jobseeker_groups (recorded_at);
