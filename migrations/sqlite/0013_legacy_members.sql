-- The roster of an association's old membership system (issue #7), imported so that its members
-- can activate their membership here: they sign in with the old mobile number and an SMS code,
-- are recognised, complete their data and apply; approval gives a new membership and number, and
-- the old member and certificate numbers stop verifying. Conventions as in
-- 0001_init.sql; index names match the MySQL file.
--
-- status: pending (imported, not yet activated) | activated. The mobile and ID number live only
-- inside protected_cipher (AEAD, bound to the row id); mobile_index and id_index are blind indexes
-- for the sign-in look-up and duplicate checks. values_json holds the profile fields the roster
-- carried, as the profile form stores them.
CREATE TABLE legacy_members (
  id CHAR(26) NOT NULL PRIMARY KEY,
  tenant_slug VARCHAR(64) NOT NULL,
  realm_slug VARCHAR(64) NOT NULL,
  member_number VARCHAR(40) NOT NULL,
  certificate_number VARCHAR(40) NULL,
  name VARCHAR(100) NOT NULL,
  member_type VARCHAR(64) NOT NULL,
  mobile_index VARCHAR(64) NOT NULL,
  id_index VARCHAR(64) NULL,
  protected_cipher TEXT NOT NULL,
  values_json TEXT NOT NULL,
  joined_on VARCHAR(10) NULL,
  valid_until VARCHAR(10) NULL,
  status VARCHAR(16) NOT NULL,
  account_id CHAR(26) NULL,
  application_id CHAR(26) NULL,
  activated_at BIGINT NULL,
  imported_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX legacy_members_tenant_slug_member_number_idx ON legacy_members (tenant_slug, member_number);
CREATE INDEX legacy_members_realm_slug_mobile_index_idx ON legacy_members (realm_slug, mobile_index);
CREATE INDEX legacy_members_tenant_slug_certificate_number_idx ON legacy_members (tenant_slug, certificate_number);
CREATE INDEX legacy_members_account_id_idx ON legacy_members (account_id);
