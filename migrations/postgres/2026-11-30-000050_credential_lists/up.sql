-- Several status lists, each credential at a (list, position) pair; the learner's salt kept
-- with the record (the documents carry only the salted hash of the learner's id); and at
-- most one valid credential per person and course, enforced here so that two issues at
-- once cannot both succeed.
ALTER TABLE credentials ADD COLUMN status_list BIGINT NOT NULL DEFAULT 1;
ALTER TABLE credentials ADD COLUMN learner_salt TEXT;
ALTER TABLE credentials DROP CONSTRAINT credentials_status_index_key;
ALTER TABLE credentials ADD CONSTRAINT credentials_status_position UNIQUE (status_list, status_index);
CREATE UNIQUE INDEX credentials_one_valid ON credentials (jobseeker_id, course_id) WHERE NOT revoked;
