-- The old schema has one list: credentials on later lists cannot be kept in it.
CREATE TABLE credentials_old (
    id TEXT PRIMARY KEY NOT NULL,
    jobseeker_id TEXT NOT NULL,
    course_id TEXT NOT NULL,
    ob3_json TEXT NOT NULL,
    elm_json TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    status_index BIGINT NOT NULL UNIQUE,
    revoked BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO credentials_old
SELECT id, jobseeker_id, course_id, ob3_json, elm_json, issued_at, status_index, revoked
FROM credentials WHERE status_list = 1;
DROP TABLE credentials;
ALTER TABLE credentials_old RENAME TO credentials;
CREATE INDEX credentials_jobseeker ON credentials (jobseeker_id, issued_at);
