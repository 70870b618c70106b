-- A caseworker's decision to refer a jobseeker to a course: whether it followed the
-- matcher's suggestion at that moment (and at which rank) or overrode it, and why.
-- One referral per person and course, so that a client retrying a request cannot refer twice.
CREATE TABLE referrals (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    jobseeker_id TEXT NOT NULL REFERENCES jobseekers (id) ON DELETE CASCADE,
    -- No foreign key: a course withdrawn from the catalogue keeps its referral history.
    course_id TEXT NOT NULL,
    decided_by BIGINT NOT NULL REFERENCES users (id),
    decided_at TIMESTAMP NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('followed', 'overridden')),
    -- 1-based rank in the suggestions when the referral followed them.
    suggested_rank INTEGER CHECK (suggested_rank IS NULL OR suggested_rank >= 1),
    reason TEXT,
    CHECK ((decision = 'followed') = (suggested_rank IS NOT NULL)),
    CHECK (decision = 'followed' OR length(trim(reason)) > 0),
    UNIQUE (jobseeker_id, course_id)
);
