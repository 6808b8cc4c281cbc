-- The institutions a membership application names (specialty committees, a provincial
-- association, the youth council; issue #7) are each reviewed by that institution: approving the
-- application opens one application per institution, in the institution's tenant (or, for an
-- institution the platform hosts no tenant for, in the application's own), pointing back at it.
ALTER TABLE applications ADD COLUMN parent_id CHAR(26) NULL;
ALTER TABLE applications ADD COLUMN institution VARCHAR(64) NULL;

CREATE INDEX applications_parent_id_idx ON applications (parent_id);
