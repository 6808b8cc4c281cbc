-- Messages: the transactional outbox of e-mails and SMS, every delivery attempt, the site
-- messages of each account (inbox), and what the development SMS provider recorded.
-- Conventions (docs/adr/0002-database.md): times are BIGINT Unix epoch milliseconds (UTC) in
-- columns named *_at; index names are <table>_<columns>_idx and match the MySQL file.

-- One row per e-mail or SMS, written in the transaction of the change that causes it. The id is
-- the de-duplication key (a second enqueue of the same id is ignored) and the e-mail Message-ID.
-- status: queued → sending (claimed by one worker until claim_expires_at) → sent | failed |
-- dropped (a one-time code that expired before it could be sent); a failed try goes back to
-- queued with a later next_attempt_at.
CREATE TABLE outbox_messages (
  id VARCHAR(128) NOT NULL PRIMARY KEY,
  tenant_slug VARCHAR(64) NOT NULL,
  channel VARCHAR(8) NOT NULL,
  recipient VARCHAR(320) NOT NULL,
  template_key VARCHAR(64) NOT NULL,
  locale VARCHAR(16) NOT NULL,
  params_json TEXT NOT NULL,
  status VARCHAR(16) NOT NULL,
  attempts INT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  expires_at BIGINT NULL,
  claimed_by VARCHAR(128) NULL,
  claim_expires_at BIGINT NULL,
  last_error VARCHAR(1000) NULL,
  created_at BIGINT NOT NULL,
  sent_at BIGINT NULL
);

CREATE INDEX outbox_messages_status_next_attempt_at_idx ON outbox_messages (status, next_attempt_at);

CREATE INDEX outbox_messages_tenant_slug_created_at_idx ON outbox_messages (tenant_slug, created_at);

-- Each try to send an outbox message: sent, retry (a temporary failure) or failed.
CREATE TABLE outbox_attempts (
  id INTEGER NOT NULL PRIMARY KEY,
  message_id VARCHAR(128) NOT NULL,
  attempt INT NOT NULL,
  worker VARCHAR(128) NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  error VARCHAR(1000) NULL,
  attempted_at BIGINT NOT NULL
);

CREATE INDEX outbox_attempts_message_id_idx ON outbox_attempts (message_id);

-- Site messages, one row per recipient account. Platform notices carry an English text too
-- (title_en, body_en); admin messages are written in one language and leave them NULL.
CREATE TABLE inbox_messages (
  id CHAR(26) NOT NULL PRIMARY KEY,
  account_id VARCHAR(64) NOT NULL,
  tenant_slug VARCHAR(64) NOT NULL,
  batch_id CHAR(26) NULL,
  title VARCHAR(200) NOT NULL,
  body TEXT NOT NULL,
  title_en VARCHAR(200) NULL,
  body_en TEXT NULL,
  read_at BIGINT NULL,
  created_at BIGINT NOT NULL
);

CREATE INDEX inbox_messages_account_id_created_at_idx ON inbox_messages (account_id, created_at);

CREATE INDEX inbox_messages_account_id_read_at_idx ON inbox_messages (account_id, read_at);

-- What the development SMS provider "sent" (sms.provider: dev); read by GET /api/v1/dev/sms.
CREATE TABLE dev_sms_messages (
  id INTEGER NOT NULL PRIMARY KEY,
  message_id VARCHAR(128) NOT NULL,
  tenant_slug VARCHAR(64) NOT NULL,
  mobile VARCHAR(32) NOT NULL,
  text TEXT NOT NULL,
  code VARCHAR(16) NULL,
  created_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX dev_sms_messages_message_id_idx ON dev_sms_messages (message_id);

CREATE INDEX dev_sms_messages_mobile_created_at_idx ON dev_sms_messages (mobile, created_at);
