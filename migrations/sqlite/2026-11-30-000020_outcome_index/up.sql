-- Reports stream events person by person (ordered by jobseeker, then sequence) so that
-- ten million events never sit in memory at once; this index serves that order directly.
CREATE INDEX outcome_events_person_seq ON outcome_events (jobseeker_id, id);
