-- Change requests, reviewers' comments and deadline reminders (issue #5). Conventions as in 0001_init.sql; index
-- names match the MySQL file.
--
-- `changes_json` holds what a change request changes, field by field, as the profile stood when
-- it was submitted: [{"field", "before", "after"}], protected values (ID numbers, mobiles) only
-- masked. The full new values stay in `values_json` / `values_cipher` like any application's.
-- `reminder_stage` is the last deadline reminder sent for the current submission: 0 none, 1 the
-- one before the deadline, 2 the one after it; a resubmission starts again at 0.
ALTER TABLE applications ADD COLUMN reminder_stage BIGINT NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN changes_json TEXT NULL;

-- Notes reviewers leave for one another; the applicant never sees them.
CREATE TABLE application_comments (
  id CHAR(26) NOT NULL PRIMARY KEY,
  application_id CHAR(26) NOT NULL,
  at BIGINT NOT NULL,
  author CHAR(26) NOT NULL,
  body TEXT NOT NULL
);

CREATE INDEX application_comments_application_id_idx ON application_comments (application_id);
