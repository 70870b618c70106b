-- Several status lists, each credential at a (list, position) pair; the learner's salt kept
-- with the record (the documents carry only the salted hash of the learner's id); and at
-- most one valid credential per person and course, enforced here so that two issues at
-- once cannot both succeed. SQLite cannot drop the old UNIQUE (status_index), so the table
-- is rebuilt.
CREATE TABLE credentials_new (
    id TEXT PRIMARY KEY NOT NULL,
    jobseeker_id TEXT NOT NULL,
    course_id TEXT NOT NULL,
    ob3_json TEXT NOT NULL,
    elm_json TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    status_index BIGINT NOT NULL,
    revoked BOOLEAN NOT NULL DEFAULT FALSE,
    status_list BIGINT NOT NULL DEFAULT 1,
    learner_salt TEXT,
    UNIQUE (status_list, status_index)
);
INSERT INTO credentials_new (id, jobseeker_id, course_id, ob3_json, elm_json, issued_at,
                             status_index, revoked)
SELECT id, jobseeker_id, course_id, ob3_json, elm_json, issued_at, status_index, revoked
FROM credentials;
DROP TABLE credentials;
ALTER TABLE credentials_new RENAME TO credentials;
CREATE INDEX credentials_jobseeker ON credentials (jobseeker_id, issued_at);
CREATE UNIQUE INDEX credentials_one_valid ON credentials (jobseeker_id, course_id) WHERE NOT revoked;
