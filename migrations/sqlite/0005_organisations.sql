-- The registry of organisations (employers, schools, companies) of each tenant (issue #4).
-- Conventions as in 0001_init.sql; index names match the MySQL file.
-- name is what the admin typed (trimmed, inner spaces collapsed); name_normalised is its
-- comparison form (full-width ASCII made half-width, spaces collapsed, ASCII lower case), on
-- which search and duplicate detection work. credit_code is the unified social credit code
-- (GB 32100) in upper case. region holds up to three 6-digit division codes, province first,
-- joined with '/'. status: active | merged; a merged organisation keeps its name and code, so
-- that neither can be taken again, and points at the one it became (merged_into).
CREATE TABLE organisations (
  id CHAR(26) NOT NULL PRIMARY KEY,
  tenant_slug VARCHAR(64) NOT NULL,
  name VARCHAR(100) NOT NULL,
  name_normalised VARCHAR(100) NOT NULL,
  credit_code CHAR(18) NULL,
  region VARCHAR(32) NULL,
  status VARCHAR(16) NOT NULL,
  merged_into CHAR(26) NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  created_by CHAR(26) NULL
);

-- Both engines allow several NULLs in a unique index: the code is unique only when present.
CREATE UNIQUE INDEX organisations_tenant_slug_credit_code_idx ON organisations (tenant_slug, credit_code);
CREATE UNIQUE INDEX organisations_tenant_slug_name_normalised_idx ON organisations (tenant_slug, name_normalised);
CREATE INDEX organisations_merged_into_idx ON organisations (merged_into);
