-- Mobile numbers and e-mail addresses encrypted at rest (issue #4, personal-data protection).
-- Each *_cipher column holds privacy::FieldCipher text bound to its column and row; each *_index
-- column a privacy::BlindIndex digest for uniqueness and exact look-ups. The plain columns stay
-- for one release only so that the server can convert the rows written before this migration:
-- at start-up it encrypts every row whose plain column is not NULL and then sets it to NULL
-- (identity::encrypt_plain_contacts, notifications::encrypt_plain_recipients). SQLite cannot
-- make a NOT NULL column nullable, so the four tables are rebuilt; index names match the MySQL
-- file.

CREATE TABLE accounts_0004 (
  id CHAR(26) NOT NULL PRIMARY KEY,
  realm_slug VARCHAR(64) NOT NULL,
  mobile VARCHAR(16) NULL,
  email VARCHAR(254) NULL,
  email_normalised VARCHAR(254) NULL,
  mobile_cipher VARCHAR(128) NULL,
  mobile_index VARCHAR(64) NULL,
  email_cipher VARCHAR(512) NULL,
  email_index VARCHAR(64) NULL,
  password_hash VARCHAR(255) NOT NULL,
  status VARCHAR(16) NOT NULL,
  frozen_reason VARCHAR(500) NULL,
  must_change_password SMALLINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_sign_in_at BIGINT NULL
);

INSERT INTO accounts_0004 (id, realm_slug, mobile, email, email_normalised, password_hash, status,
                           frozen_reason, must_change_password, created_at, updated_at,
                           last_sign_in_at)
SELECT id, realm_slug, mobile, email, email_normalised, password_hash, status, frozen_reason,
       must_change_password, created_at, updated_at, last_sign_in_at
FROM accounts;

DROP TABLE accounts;

ALTER TABLE accounts_0004 RENAME TO accounts;

-- One account per mobile number and realm, now on the blind index (several NULLs are allowed
-- while rows wait for their conversion).
CREATE UNIQUE INDEX accounts_realm_slug_mobile_index_idx ON accounts (realm_slug, mobile_index);
CREATE INDEX accounts_realm_slug_email_index_idx ON accounts (realm_slug, email_index);

-- SMS codes are only looked up, never read back: a blind index is enough.
CREATE TABLE sms_codes_0004 (
  id CHAR(26) NOT NULL PRIMARY KEY,
  realm_slug VARCHAR(64) NOT NULL,
  mobile VARCHAR(16) NULL,
  mobile_index VARCHAR(64) NULL,
  purpose VARCHAR(16) NOT NULL,
  code_hash CHAR(64) NOT NULL,
  attempts INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  consumed_at BIGINT NULL
);

INSERT INTO sms_codes_0004 (id, realm_slug, mobile, purpose, code_hash, attempts, created_at,
                            expires_at, consumed_at)
SELECT id, realm_slug, mobile, purpose, code_hash, attempts, created_at, expires_at, consumed_at
FROM sms_codes;

DROP TABLE sms_codes;

ALTER TABLE sms_codes_0004 RENAME TO sms_codes;

CREATE INDEX sms_codes_realm_slug_mobile_index_purpose_idx ON sms_codes (realm_slug, mobile_index, purpose);

-- The delivery worker must read the address back: encrypted, bound to the message id.
CREATE TABLE outbox_messages_0004 (
  id VARCHAR(128) NOT NULL PRIMARY KEY,
  tenant_slug VARCHAR(64) NOT NULL,
  channel VARCHAR(8) NOT NULL,
  recipient VARCHAR(320) NULL,
  recipient_cipher VARCHAR(512) NULL,
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

INSERT INTO outbox_messages_0004 (id, tenant_slug, channel, recipient, template_key, locale,
                                  params_json, status, attempts, next_attempt_at, expires_at,
                                  claimed_by, claim_expires_at, last_error, created_at, sent_at)
SELECT id, tenant_slug, channel, recipient, template_key, locale, params_json, status, attempts,
       next_attempt_at, expires_at, claimed_by, claim_expires_at, last_error, created_at, sent_at
FROM outbox_messages;

DROP TABLE outbox_messages;

ALTER TABLE outbox_messages_0004 RENAME TO outbox_messages;

CREATE INDEX outbox_messages_status_next_attempt_at_idx ON outbox_messages (status, next_attempt_at);

CREATE INDEX outbox_messages_tenant_slug_created_at_idx ON outbox_messages (tenant_slug, created_at);

-- The development SMS provider's record: looked up by mobile, so a blind index.
CREATE TABLE dev_sms_messages_0004 (
  id INTEGER NOT NULL PRIMARY KEY,
  message_id VARCHAR(128) NOT NULL,
  tenant_slug VARCHAR(64) NOT NULL,
  mobile VARCHAR(32) NULL,
  mobile_index VARCHAR(64) NULL,
  text TEXT NOT NULL,
  code VARCHAR(16) NULL,
  created_at BIGINT NOT NULL
);

INSERT INTO dev_sms_messages_0004 (id, message_id, tenant_slug, mobile, text, code, created_at)
SELECT id, message_id, tenant_slug, mobile, text, code, created_at
FROM dev_sms_messages;

DROP TABLE dev_sms_messages;

ALTER TABLE dev_sms_messages_0004 RENAME TO dev_sms_messages;

CREATE UNIQUE INDEX dev_sms_messages_message_id_idx ON dev_sms_messages (message_id);

CREATE INDEX dev_sms_messages_mobile_index_created_at_idx ON dev_sms_messages (mobile_index, created_at);

-- Throttling buckets were plain SHA-256 digests of keys that contain mobile numbers, which a
-- dictionary of all numbers reverses; the new buckets are keyed with the blind-index key. The
-- old events cannot be re-keyed, so the counters start again.
DELETE FROM rate_events;
