-- Outcome events, append-only. No foreign keys to jobseekers or courses: a course is
-- replaced when its catalogue is reloaded, and the record of what happened must outlive that.
CREATE TABLE outcome_events (
    id BIGSERIAL PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    jobseeker_id TEXT NOT NULL,
    course_id TEXT,
    occurred_at TIMESTAMP NOT NULL,
    occupation_uri TEXT,
    contract_type TEXT,
    employment_start DATE,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX outcome_events_jobseeker ON outcome_events (jobseeker_id, occurred_at);
CREATE INDEX outcome_events_course ON outcome_events (course_id, occurred_at);
CREATE INDEX outcome_events_occurred ON outcome_events (occurred_at);
