-- 032_record_unlinks.sql: what deleting a record unlinked, so restoring
-- it puts the links back (record_links.c). One row per linked row: the
-- deleted record (kind: accounts, contacts, ...; record_id), the link's
-- name (link_sql.h), and row_id: for a link column set to NULL the row
-- whose column pointed at the record (the old value is record_id), for
-- a link row removed the id of its other side, with extra its kept
-- column (a role). Rows go when the record is restored, or with crmctl
-- purge-deleted once the restore period is over.
CREATE TABLE record_unlinks (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(32) NOT NULL,
  record_id BIGINT UNSIGNED NOT NULL,
  link VARCHAR(64) NOT NULL,
  row_id BIGINT UNSIGNED NOT NULL,
  extra VARCHAR(255) NULL,
  unlinked_at DATETIME NOT NULL,               -- UTC
  KEY record_unlinks_record (kind, record_id, link, row_id),
  KEY record_unlinks_age (unlinked_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

GRANT SELECT, INSERT, DELETE ON record_unlinks TO @APP_ACCOUNT@;
