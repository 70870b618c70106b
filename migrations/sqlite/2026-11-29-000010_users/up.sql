-- People and services that call the API. A token is shown once, at creation; only its
-- SHA-256 digest is kept, so a copy of the database does not let anyone sign in.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('caseworker', 'jobseeker', 'analyst', 'admin')),
    -- The office whose jobseekers a caseworker serves.
    office TEXT,
    -- The jobseeker a jobseeker account belongs to. No foreign key: jobseeker records are
    -- loaded separately and may arrive after the account.
    jobseeker_id TEXT,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT 0,
    CHECK ((role = 'caseworker') = (office IS NOT NULL)),
    CHECK ((role = 'jobseeker') = (jobseeker_id IS NOT NULL))
);

-- Who read or changed whose record, when and why. Never the values themselves.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    at TIMESTAMP NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    action TEXT NOT NULL,
    subject TEXT,
    purpose TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject, at);
CREATE INDEX audit_log_user ON audit_log (user_id, at);
