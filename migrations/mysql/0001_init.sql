-- The tenant tree as last loaded from tenants/<slug>/tenant.yaml, and platform-wide settings.
-- Conventions (docs/adr/0002-database.md): times are BIGINT Unix epoch milliseconds (UTC) in
-- columns named *_at; index names are <table>_<columns>_idx and match the SQLite file; every
-- table is InnoDB, utf8mb4 with binary collation (byte-wise comparison, as on SQLite).

CREATE TABLE tenants (
  slug VARCHAR(64) NOT NULL PRIMARY KEY,
  parent_slug VARCHAR(64) NULL,
  realm_slug VARCHAR(64) NOT NULL,
  source_path VARCHAR(512) NOT NULL,
  config_yaml MEDIUMTEXT NOT NULL,
  checksum CHAR(64) NOT NULL,
  loaded_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX tenants_realm_slug_idx ON tenants (realm_slug);

-- Small named values the platform keeps across restarts (e.g. the configuration generation).
CREATE TABLE platform_settings (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
