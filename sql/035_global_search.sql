-- 035_global_search.sql: the global search's name keys (issue 17,
-- README "Global search"). One table per record kind holds normalised
-- keys of its names, each read as a prefix (skey LIKE 'q%'):
--  - people (contacts, leads): given+family, family+given, family, given,
--    each with the spaces removed, so "王小明", "王 小明", "小明王", "王" and
--    "小明" all find given 小明 family 王, and "johnsmith", "smith john"
--    find John Smith;
--  - names of things (account names, deal names, a lead's company): every
--    suffix that starts at a word (up to the last 8 words, plus the whole
--    name), spaces removed, so "Trading" finds "Acme Trading GmbH".
-- Case and width (full-width Latin letters) are folded by the column's
-- collation (utf8mb4_unicode_ci), keys are cut at 64 characters. Only
-- names are keys: they are stored in clear and no field rule masks them;
-- sealed fields (email, phone, ...) are never copied here: the search
-- looks them up through their blind indexes, as the lists do.
-- Triggers keep the keys in the same transaction as every insert and
-- every change of a name (forms, imports, lead conversion, crmctl seed);
-- purging a record deletes its keys (ON DELETE CASCADE); soft-deleted
-- records keep theirs (a restore needs them) and the search skips them.
-- The application may only read the keys. Existing rows are indexed by
-- crmctl migrate right after this file (search_index_rebuild, in chunks
-- of ids: one statement over a million rows would outlast the client's
-- read timeout), and again by `crmctl search-index rebuild`.
CREATE TABLE contact_search_keys (
  skey VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
  record_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (skey, record_id),
  KEY contact_search_keys_record (record_id),
  CONSTRAINT contact_search_keys_record FOREIGN KEY (record_id) REFERENCES contacts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
GRANT SELECT ON contact_search_keys TO @APP_ACCOUNT@;
CREATE TABLE lead_search_keys (
  skey VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
  record_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (skey, record_id),
  KEY lead_search_keys_record (record_id),
  CONSTRAINT lead_search_keys_record FOREIGN KEY (record_id) REFERENCES leads (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
GRANT SELECT ON lead_search_keys TO @APP_ACCOUNT@;
CREATE TABLE account_search_keys (
  skey VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
  record_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (skey, record_id),
  KEY account_search_keys_record (record_id),
  CONSTRAINT account_search_keys_record FOREIGN KEY (record_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
GRANT SELECT ON account_search_keys TO @APP_ACCOUNT@;
CREATE TABLE deal_search_keys (
  skey VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
  record_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (skey, record_id),
  KEY deal_search_keys_record (record_id),
  CONSTRAINT deal_search_keys_record FOREIGN KEY (record_id) REFERENCES deals (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
GRANT SELECT ON deal_search_keys TO @APP_ACCOUNT@;
CREATE TRIGGER contact_search_keys_insert AFTER INSERT ON contacts FOR EACH ROW
  INSERT IGNORE INTO contact_search_keys (skey, record_id)
  SELECT k.skey, NEW.id FROM (SELECT LEFT(REPLACE(REPLACE(CONCAT(NEW.first_name, NEW.last_name), ' ', ''), '　', ''), 64) AS skey UNION SELECT LEFT(REPLACE(REPLACE(CONCAT(NEW.last_name, NEW.first_name), ' ', ''), '　', ''), 64) AS skey UNION SELECT LEFT(REPLACE(REPLACE(NEW.last_name, ' ', ''), '　', ''), 64) AS skey UNION SELECT LEFT(REPLACE(REPLACE(NEW.first_name, ' ', ''), '　', ''), 64) AS skey) k WHERE k.skey <> '';
CREATE TRIGGER contact_search_keys_forget AFTER UPDATE ON contacts FOR EACH ROW
  DELETE FROM contact_search_keys WHERE record_id = NEW.id AND (NOT (BINARY OLD.first_name <=> BINARY NEW.first_name) OR NOT (BINARY OLD.last_name <=> BINARY NEW.last_name));
CREATE TRIGGER contact_search_keys_update AFTER UPDATE ON contacts FOR EACH ROW FOLLOWS contact_search_keys_forget
  INSERT IGNORE INTO contact_search_keys (skey, record_id)
  SELECT k.skey, NEW.id FROM (SELECT LEFT(REPLACE(REPLACE(CONCAT(NEW.first_name, NEW.last_name), ' ', ''), '　', ''), 64) AS skey UNION SELECT LEFT(REPLACE(REPLACE(CONCAT(NEW.last_name, NEW.first_name), ' ', ''), '　', ''), 64) AS skey UNION SELECT LEFT(REPLACE(REPLACE(NEW.last_name, ' ', ''), '　', ''), 64) AS skey UNION SELECT LEFT(REPLACE(REPLACE(NEW.first_name, ' ', ''), '　', ''), 64) AS skey) k WHERE k.skey <> '' AND (NOT (BINARY OLD.first_name <=> BINARY NEW.first_name) OR NOT (BINARY OLD.last_name <=> BINARY NEW.last_name));
CREATE TRIGGER lead_search_keys_insert AFTER INSERT ON leads FOR EACH ROW
  INSERT IGNORE INTO lead_search_keys (skey, record_id)
  SELECT k.skey, NEW.id FROM (SELECT LEFT(REPLACE(REPLACE(CONCAT(NEW.first_name, NEW.last_name), ' ', ''), '　', ''), 64) AS skey UNION SELECT LEFT(REPLACE(REPLACE(CONCAT(NEW.last_name, NEW.first_name), ' ', ''), '　', ''), 64) AS skey UNION SELECT LEFT(REPLACE(REPLACE(NEW.last_name, ' ', ''), '　', ''), 64) AS skey UNION SELECT LEFT(REPLACE(REPLACE(NEW.first_name, ' ', ''), '　', ''), 64) AS skey UNION SELECT LEFT(REPLACE(REPLACE(SUBSTRING_INDEX(NEW.company, ' ', -s.n), ' ', ''), '　', ''), 64) AS skey FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 1000) s) k WHERE k.skey <> '';
CREATE TRIGGER lead_search_keys_forget AFTER UPDATE ON leads FOR EACH ROW
  DELETE FROM lead_search_keys WHERE record_id = NEW.id AND (NOT (BINARY OLD.first_name <=> BINARY NEW.first_name) OR NOT (BINARY OLD.last_name <=> BINARY NEW.last_name) OR NOT (BINARY OLD.company <=> BINARY NEW.company));
CREATE TRIGGER lead_search_keys_update AFTER UPDATE ON leads FOR EACH ROW FOLLOWS lead_search_keys_forget
  INSERT IGNORE INTO lead_search_keys (skey, record_id)
  SELECT k.skey, NEW.id FROM (SELECT LEFT(REPLACE(REPLACE(CONCAT(NEW.first_name, NEW.last_name), ' ', ''), '　', ''), 64) AS skey UNION SELECT LEFT(REPLACE(REPLACE(CONCAT(NEW.last_name, NEW.first_name), ' ', ''), '　', ''), 64) AS skey UNION SELECT LEFT(REPLACE(REPLACE(NEW.last_name, ' ', ''), '　', ''), 64) AS skey UNION SELECT LEFT(REPLACE(REPLACE(NEW.first_name, ' ', ''), '　', ''), 64) AS skey UNION SELECT LEFT(REPLACE(REPLACE(SUBSTRING_INDEX(NEW.company, ' ', -s.n), ' ', ''), '　', ''), 64) AS skey FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 1000) s) k WHERE k.skey <> '' AND (NOT (BINARY OLD.first_name <=> BINARY NEW.first_name) OR NOT (BINARY OLD.last_name <=> BINARY NEW.last_name) OR NOT (BINARY OLD.company <=> BINARY NEW.company));
CREATE TRIGGER account_search_keys_insert AFTER INSERT ON accounts FOR EACH ROW
  INSERT IGNORE INTO account_search_keys (skey, record_id)
  SELECT k.skey, NEW.id FROM (SELECT LEFT(REPLACE(REPLACE(SUBSTRING_INDEX(NEW.name, ' ', -s.n), ' ', ''), '　', ''), 64) AS skey FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 1000) s) k WHERE k.skey <> '';
CREATE TRIGGER account_search_keys_forget AFTER UPDATE ON accounts FOR EACH ROW
  DELETE FROM account_search_keys WHERE record_id = NEW.id AND (NOT (BINARY OLD.name <=> BINARY NEW.name));
CREATE TRIGGER account_search_keys_update AFTER UPDATE ON accounts FOR EACH ROW FOLLOWS account_search_keys_forget
  INSERT IGNORE INTO account_search_keys (skey, record_id)
  SELECT k.skey, NEW.id FROM (SELECT LEFT(REPLACE(REPLACE(SUBSTRING_INDEX(NEW.name, ' ', -s.n), ' ', ''), '　', ''), 64) AS skey FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 1000) s) k WHERE k.skey <> '' AND (NOT (BINARY OLD.name <=> BINARY NEW.name));
CREATE TRIGGER deal_search_keys_insert AFTER INSERT ON deals FOR EACH ROW
  INSERT IGNORE INTO deal_search_keys (skey, record_id)
  SELECT k.skey, NEW.id FROM (SELECT LEFT(REPLACE(REPLACE(SUBSTRING_INDEX(NEW.name, ' ', -s.n), ' ', ''), '　', ''), 64) AS skey FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 1000) s) k WHERE k.skey <> '';
CREATE TRIGGER deal_search_keys_forget AFTER UPDATE ON deals FOR EACH ROW
  DELETE FROM deal_search_keys WHERE record_id = NEW.id AND (NOT (BINARY OLD.name <=> BINARY NEW.name));
CREATE TRIGGER deal_search_keys_update AFTER UPDATE ON deals FOR EACH ROW FOLLOWS deal_search_keys_forget
  INSERT IGNORE INTO deal_search_keys (skey, record_id)
  SELECT k.skey, NEW.id FROM (SELECT LEFT(REPLACE(REPLACE(SUBSTRING_INDEX(NEW.name, ' ', -s.n), ' ', ''), '　', ''), 64) AS skey FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 1000) s) k WHERE k.skey <> '' AND (NOT (BINARY OLD.name <=> BINARY NEW.name));
