-- The old schema has one list: credentials on later lists cannot be kept in it.
DROP INDEX credentials_one_valid;
ALTER TABLE credentials DROP CONSTRAINT credentials_status_position;
DELETE FROM credentials WHERE status_list <> 1;
ALTER TABLE credentials ADD CONSTRAINT credentials_status_index_key UNIQUE (status_index);
ALTER TABLE credentials DROP COLUMN learner_salt;
ALTER TABLE credentials DROP COLUMN status_list;
