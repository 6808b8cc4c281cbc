-- Applications and their review, memberships and member numbers (issue #5). Conventions as in
-- 0001_init.sql; index names match the SQLite file; every table is InnoDB, utf8mb4_bin.
--
-- An application moves draft → under_review → (returned → under_review)* → approved | rejected.
-- `version` grows by one with every transition, and a transition is an UPDATE that names the
-- version it saw, so that of two reviewers acting at once, or a request sent twice, exactly one
-- changes anything. Protected values (ID numbers, mobiles) live only inside `values_cipher`.
CREATE TABLE applications (
  id CHAR(26) NOT NULL PRIMARY KEY,
  tenant_slug VARCHAR(64) NOT NULL,
  realm_slug VARCHAR(64) NOT NULL,
  account_id CHAR(26) NOT NULL,
  kind VARCHAR(64) NOT NULL,
  status VARCHAR(16) NOT NULL,
  step_key VARCHAR(64) NULL,
  step_reviewer CHAR(26) NULL,
  values_json MEDIUMTEXT NOT NULL,
  values_cipher TEXT NULL,
  reason TEXT NULL,
  version BIGINT NOT NULL,
  submitted_at BIGINT NULL,
  due_at BIGINT NULL,
  decided_at BIGINT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX applications_account_id_idx ON applications (account_id);
CREATE INDEX applications_tenant_slug_status_idx ON applications (tenant_slug, status);
CREATE INDEX applications_step_reviewer_idx ON applications (step_reviewer);

-- Every transition: who, when, from, to, at which step, why.
CREATE TABLE application_events (
  id CHAR(26) NOT NULL PRIMARY KEY,
  application_id CHAR(26) NOT NULL,
  at BIGINT NOT NULL,
  actor CHAR(26) NULL,
  action VARCHAR(16) NOT NULL,
  from_status VARCHAR(16) NOT NULL,
  to_status VARCHAR(16) NOT NULL,
  step_key VARCHAR(64) NULL,
  from_version BIGINT NOT NULL,
  reason TEXT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX application_events_application_id_at_idx ON application_events (application_id, at);

-- status: active | expired | frozen | superseded. One membership per approved application.
CREATE TABLE memberships (
  id CHAR(26) NOT NULL PRIMARY KEY,
  tenant_slug VARCHAR(64) NOT NULL,
  realm_slug VARCHAR(64) NOT NULL,
  account_id CHAR(26) NOT NULL,
  member_type VARCHAR(64) NOT NULL,
  member_number VARCHAR(32) NOT NULL,
  status VARCHAR(16) NOT NULL,
  application_id CHAR(26) NOT NULL,
  valid_from BIGINT NOT NULL,
  valid_until BIGINT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE UNIQUE INDEX memberships_tenant_slug_member_number_idx ON memberships (tenant_slug, member_number);
CREATE UNIQUE INDEX memberships_application_id_idx ON memberships (application_id);
CREATE INDEX memberships_account_id_idx ON memberships (account_id);

-- The last member number sequence given out per tenant and year. The approving transaction
-- increments it; the row lock it takes serialises concurrent approvals of one tenant, and a
-- rollback gives the number back, so the sequence has no gaps.
CREATE TABLE member_number_counters (
  tenant_slug VARCHAR(64) NOT NULL,
  year BIGINT NOT NULL,
  last_value BIGINT NOT NULL,
  PRIMARY KEY (tenant_slug, year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
