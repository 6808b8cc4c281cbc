-- Yearly dues received (issue #6): the industry association shows a member's certificate only
-- once the year's dues are paid. One row per membership and year, recorded by an admin.
-- Conventions as in 0001_init.sql; names match the MySQL file.
CREATE TABLE membership_dues (
  membership_id CHAR(26) NOT NULL,
  year BIGINT NOT NULL,
  recorded_by CHAR(26) NOT NULL,
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (membership_id, year)
);
