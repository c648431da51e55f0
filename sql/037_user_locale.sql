-- 037_user_locale.sql: each user's language and time zone, chosen on
-- /account/language and read with the session (NULL: the language is
-- negotiated from the browser's Accept-Language, the zone is UTC), and
-- the deal stages' names per language, given on /admin/stages
-- (deal_stages.name stays the default, shown in a language without one).
ALTER TABLE users
  ADD COLUMN language VARCHAR(16) NULL,
  ADD COLUMN time_zone VARCHAR(64) NULL;

CREATE TABLE deal_stage_names (
  stage_id INT UNSIGNED NOT NULL,
  lang VARCHAR(16) NOT NULL,
  name VARCHAR(64) NOT NULL,
  PRIMARY KEY (stage_id, lang),
  CONSTRAINT deal_stage_names_stage FOREIGN KEY (stage_id) REFERENCES deal_stages (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
GRANT SELECT, INSERT, UPDATE, DELETE ON deal_stage_names TO @APP_ACCOUNT@;
