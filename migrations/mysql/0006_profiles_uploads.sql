-- Personal profiles (one per account and realm) and uploaded files (issue #4). Conventions as in
-- 0001_init.sql; index names match the SQLite file; every table is InnoDB, utf8mb4_bin. ID numbers and mobiles live only inside
-- `protected_cipher` (XChaCha20-Poly1305, keys outside the database); `id_number_index` is a keyed
-- blind index for uniqueness and look-up. Upload bytes live encrypted in the blob store under
-- `storage_key`; this table holds what access checks and listings need.

CREATE TABLE profiles (
  account_id CHAR(26) NOT NULL PRIMARY KEY,
  realm_slug VARCHAR(64) NOT NULL,
  data_json MEDIUMTEXT NOT NULL,
  protected_cipher TEXT NULL,
  id_number_index VARCHAR(64) NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE UNIQUE INDEX profiles_realm_slug_id_number_index_idx ON profiles (realm_slug, id_number_index);

-- Fields that an application under review covers: the applicant cannot change them until the
-- review ends (issue #5 takes and releases locks).
CREATE TABLE profile_locks (
  account_id CHAR(26) NOT NULL,
  field_key VARCHAR(64) NOT NULL,
  holder VARCHAR(64) NOT NULL,
  locked_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, field_key, holder)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE uploads (
  id CHAR(26) NOT NULL PRIMARY KEY,
  tenant_slug VARCHAR(64) NOT NULL,
  realm_slug VARCHAR(64) NOT NULL,
  account_id CHAR(26) NOT NULL,
  form_key VARCHAR(64) NOT NULL,
  field_key VARCHAR(64) NOT NULL,
  file_name VARCHAR(255) NOT NULL,
  file_type VARCHAR(8) NOT NULL,
  size_bytes BIGINT NOT NULL,
  width BIGINT NULL,
  height BIGINT NULL,
  storage_key VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX uploads_account_id_idx ON uploads (account_id);
CREATE INDEX uploads_tenant_slug_created_at_idx ON uploads (tenant_slug, created_at);
