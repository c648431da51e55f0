-- 029_deal_links.sql: a deal's contacts, each with a role on the deal
-- (a code of the list in deal_decl.c: decision_maker, economic_buyer,
-- influencer, user, other), and the deal's standard fields: the next
-- step, the reason it was lost (asked when it is moved to a lost
-- stage) and its forecast category (a code of deal_decl.c's list; NULL:
-- not given).
--
-- deals.contact_id, the one contact a lead conversion set, is copied
-- into deal_contacts (role "other": the role was never recorded) and is
-- no longer read; the seed and the purge statements still write it, so
-- the column stays. A link goes with its deal or contact when either is
-- purged (ON DELETE CASCADE); a soft-deleted one keeps its links, so
-- restoring it restores them.
CREATE TABLE deal_contacts (
  deal_id BIGINT UNSIGNED NOT NULL,
  contact_id BIGINT UNSIGNED NOT NULL,
  role VARCHAR(24) NOT NULL,
  position SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (deal_id, contact_id),
  KEY deal_contacts_contact (contact_id, deal_id),
  CONSTRAINT deal_contacts_deal FOREIGN KEY (deal_id) REFERENCES deals (id) ON DELETE CASCADE,
  CONSTRAINT deal_contacts_contact FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO deal_contacts (deal_id, contact_id, role, position, created_at)
  SELECT id, contact_id, 'other', 0, created_at FROM deals WHERE contact_id IS NOT NULL;

ALTER TABLE deals
  ADD COLUMN next_step VARCHAR(200) NULL,
  ADD COLUMN lost_reason VARCHAR(500) NULL,
  ADD COLUMN forecast_category VARCHAR(16) NULL;

GRANT SELECT, INSERT, UPDATE, DELETE ON deal_contacts TO @APP_ACCOUNT@;
