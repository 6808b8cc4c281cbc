-- Mobile numbers and e-mail addresses encrypted at rest (issue #4, personal-data protection).
-- Each *_cipher column holds privacy::FieldCipher text bound to its column and row; each *_index
-- column a privacy::BlindIndex digest for uniqueness and exact look-ups. The plain columns stay
-- for one release only so that the server can convert the rows written before this migration:
-- at start-up it encrypts every row whose plain column is not NULL and then sets it to NULL
-- (identity::encrypt_plain_contacts, notifications::encrypt_plain_recipients). Index names
-- match the SQLite file. MySQL commits each statement on its own: one ALTER TABLE per table, so
-- a failure leaves whole tables either converted or untouched.

ALTER TABLE accounts
  MODIFY mobile VARCHAR(16) NULL,
  ADD COLUMN mobile_cipher VARCHAR(128) NULL,
  ADD COLUMN mobile_index VARCHAR(64) NULL,
  ADD COLUMN email_cipher VARCHAR(512) NULL,
  ADD COLUMN email_index VARCHAR(64) NULL,
  DROP INDEX accounts_realm_slug_mobile_idx,
  DROP INDEX accounts_realm_slug_email_normalised_idx,
  ADD UNIQUE INDEX accounts_realm_slug_mobile_index_idx (realm_slug, mobile_index),
  ADD INDEX accounts_realm_slug_email_index_idx (realm_slug, email_index);

ALTER TABLE sms_codes
  MODIFY mobile VARCHAR(16) NULL,
  ADD COLUMN mobile_index VARCHAR(64) NULL,
  DROP INDEX sms_codes_realm_slug_mobile_purpose_idx,
  ADD INDEX sms_codes_realm_slug_mobile_index_purpose_idx (realm_slug, mobile_index, purpose);

ALTER TABLE outbox_messages
  MODIFY recipient VARCHAR(320) NULL,
  ADD COLUMN recipient_cipher VARCHAR(512) NULL;

ALTER TABLE dev_sms_messages
  MODIFY mobile VARCHAR(32) NULL,
  ADD COLUMN mobile_index VARCHAR(64) NULL,
  DROP INDEX dev_sms_messages_mobile_created_at_idx,
  ADD INDEX dev_sms_messages_mobile_index_created_at_idx (mobile_index, created_at);

-- Throttling buckets were plain SHA-256 digests of keys that contain mobile numbers, which a
-- dictionary of all numbers reverses; the new buckets are keyed with the blind-index key. The
-- old events cannot be re-keyed, so the counters start again.
DELETE FROM rate_events;
