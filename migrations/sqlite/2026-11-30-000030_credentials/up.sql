-- Credentials this service issued. The signed documents are kept verbatim: a verifier
-- fetches exactly the bytes whose proof was computed. No foreign keys, as for outcome
-- events: a credential outlives a catalogue reload or the deletion of a profile.
CREATE TABLE credentials (
    id TEXT PRIMARY KEY NOT NULL,
    jobseeker_id TEXT NOT NULL,
    course_id TEXT NOT NULL,
    ob3_json TEXT NOT NULL,
    elm_json TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    status_index BIGINT NOT NULL UNIQUE,
    revoked BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX credentials_jobseeker ON credentials (jobseeker_id, issued_at);
