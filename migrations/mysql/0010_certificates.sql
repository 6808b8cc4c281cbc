-- Certificates (issue #6): one row per issue. The number is unique per tenant and never reused:
-- re-issuing makes a new row and number and marks the old one superseded. `printed_json` is the
-- snapshot of the printed values the member confirmed; `pdf_key` the rendered PDF in the blob
-- store. `issued_on` (YYYYMMDD, mainland time) is what the QR code's signature covers.
-- Conventions as in 0001_init.sql; index names match the SQLite file; every table is InnoDB, utf8mb4_bin.
CREATE TABLE certificates (
  id CHAR(26) NOT NULL PRIMARY KEY,
  tenant_slug VARCHAR(64) NOT NULL,
  number VARCHAR(40) NOT NULL,
  account_id CHAR(26) NOT NULL,
  membership_id CHAR(26) NOT NULL,
  member_type VARCHAR(64) NOT NULL,
  template VARCHAR(200) NOT NULL,
  template_version CHAR(16) NOT NULL,
  issued_on CHAR(8) NOT NULL,
  issued_at BIGINT NOT NULL,
  issued_by CHAR(26) NOT NULL,
  status VARCHAR(16) NOT NULL,
  superseded_by CHAR(26) NULL,
  revoked_at BIGINT NULL,
  revoked_by CHAR(26) NULL,
  revoked_reason TEXT NULL,
  printed_json TEXT NOT NULL,
  pdf_key VARCHAR(200) NOT NULL,
  downloaded_at BIGINT NULL,
  updated_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE UNIQUE INDEX certificates_tenant_slug_number_idx ON certificates (tenant_slug, number);
CREATE INDEX certificates_account_id_idx ON certificates (account_id);
CREATE INDEX certificates_membership_id_idx ON certificates (membership_id);

-- The last certificate number sequence given out per tenant and year; used as
-- member_number_counters is (0007_workflow.sql).
CREATE TABLE certificate_number_counters (
  tenant_slug VARCHAR(64) NOT NULL,
  year BIGINT NOT NULL,
  last_value BIGINT NOT NULL,
  PRIMARY KEY (tenant_slug, year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
