-- Violations recorded against members (issue #5): the seed manual's rule that a member found to
-- have supplied false data is frozen and the violation recorded. Conventions as in
-- 0001_init.sql; index names match the MySQL file.
CREATE TABLE member_violations (
  id CHAR(26) NOT NULL PRIMARY KEY,
  tenant_slug VARCHAR(64) NOT NULL,
  account_id CHAR(26) NOT NULL,
  reason TEXT NOT NULL,
  recorded_by CHAR(26) NOT NULL,
  recorded_at BIGINT NOT NULL
);

CREATE INDEX member_violations_account_id_idx ON member_violations (account_id);
