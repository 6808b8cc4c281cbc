-- Accounts, roles, sessions, one-time codes, reset tokens, throttling events and the audit log
-- (issue #3). Conventions as in 0001_init.sql; index names match the SQLite file; every table is
-- InnoDB, utf8mb4_bin. Secrets (session ids, codes, reset tokens) are stored only as SHA-256 hex
-- digests.

-- One account per mobile number and realm (the root tenant of a tree).
CREATE TABLE accounts (
  id CHAR(26) NOT NULL PRIMARY KEY,
  realm_slug VARCHAR(64) NOT NULL,
  mobile VARCHAR(16) NOT NULL,
  email VARCHAR(254) NULL,
  email_normalised VARCHAR(254) NULL,
  password_hash VARCHAR(255) NOT NULL,
  status VARCHAR(16) NOT NULL,
  frozen_reason VARCHAR(500) NULL,
  must_change_password SMALLINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_sign_in_at BIGINT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE UNIQUE INDEX accounts_realm_slug_mobile_idx ON accounts (realm_slug, mobile);
CREATE INDEX accounts_realm_slug_email_normalised_idx ON accounts (realm_slug, email_normalised);

-- Roles per tenant; platform_admin is held on the pseudo-tenant '*'.
CREATE TABLE account_roles (
  account_id CHAR(26) NOT NULL,
  tenant_slug VARCHAR(64) NOT NULL,
  role VARCHAR(32) NOT NULL,
  granted_at BIGINT NOT NULL,
  granted_by CHAR(26) NULL,
  PRIMARY KEY (account_id, tenant_slug, role)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX account_roles_tenant_slug_role_idx ON account_roles (tenant_slug, role);

CREATE TABLE sessions (
  id_hash CHAR(64) NOT NULL PRIMARY KEY,
  public_id CHAR(26) NOT NULL,
  account_id CHAR(26) NOT NULL,
  realm_slug VARCHAR(64) NOT NULL,
  idle_timeout_ms BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ended_at BIGINT NULL,
  ip VARCHAR(64) NOT NULL,
  user_agent VARCHAR(512) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE UNIQUE INDEX sessions_public_id_idx ON sessions (public_id);
CREATE INDEX sessions_account_id_idx ON sessions (account_id);

-- SMS codes: single use, a few guesses each.
CREATE TABLE sms_codes (
  id CHAR(26) NOT NULL PRIMARY KEY,
  realm_slug VARCHAR(64) NOT NULL,
  mobile VARCHAR(16) NOT NULL,
  purpose VARCHAR(16) NOT NULL,
  code_hash CHAR(64) NOT NULL,
  attempts BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  consumed_at BIGINT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX sms_codes_realm_slug_mobile_purpose_idx ON sms_codes (realm_slug, mobile, purpose);

CREATE TABLE password_resets (
  token_hash CHAR(64) NOT NULL PRIMARY KEY,
  account_id CHAR(26) NOT NULL,
  tenant_slug VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX password_resets_account_id_idx ON password_resets (account_id);

-- Throttling: one row per counted event (a failed sign-in, an SMS sent, a reset requested), keyed
-- by a hash of what is limited (an account key, a phone, an IP), so that several instances on one
-- database agree and no phone number is stored here in clear.
CREATE TABLE rate_events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  bucket CHAR(64) NOT NULL,
  happened_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX rate_events_bucket_happened_at_idx ON rate_events (bucket, happened_at);

CREATE TABLE audit_events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  happened_at BIGINT NOT NULL,
  event VARCHAR(48) NOT NULL,
  realm_slug VARCHAR(64) NOT NULL,
  tenant_slug VARCHAR(64) NOT NULL,
  actor_account_id CHAR(26) NULL,
  subject_account_id CHAR(26) NULL,
  ip VARCHAR(64) NOT NULL,
  detail TEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX audit_events_tenant_slug_happened_at_idx ON audit_events (tenant_slug, happened_at);
CREATE INDEX audit_events_subject_account_id_idx ON audit_events (subject_account_id);
