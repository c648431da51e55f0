-- 005_login_throttle.sql: failed sign-ins per submitted username and per
-- client address, checked before PAM is asked, so a flood of guesses is
-- answered from the database without tying up workers in the directory.
-- Keys are what was submitted, whether such a user exists or not, so the
-- answer never tells.
CREATE TABLE login_throttle (
  kind VARCHAR(8) NOT NULL,
  k VARCHAR(128) NOT NULL,
  failures INT UNSIGNED NOT NULL,
  first_at DATETIME NOT NULL,
  locked_until DATETIME NULL,
  PRIMARY KEY (kind, k)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttle TO @APP_ACCOUNT@;
