DROP INDEX outcome_events_person_seq;
