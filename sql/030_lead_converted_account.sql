-- 030_lead_converted_account.sql: the account a lead was converted into,
-- so an account page lists "leads converted into it" with one indexed
-- lookup (the foreign key's index). Lead conversion sets it
-- (lead_convert.c); leads converted before are backfilled from their
-- converted deal's account where that deal has one. Purging the account
-- (crmctl purge, hard DELETE after the restore period) clears the link
-- instead of failing on it; a soft delete keeps it, so a restore restores
-- the link.
ALTER TABLE leads
  ADD COLUMN converted_account_id BIGINT UNSIGNED NULL AFTER converted_deal_id,
  ADD CONSTRAINT leads_converted_account FOREIGN KEY (converted_account_id) REFERENCES accounts (id)
    ON DELETE SET NULL;

UPDATE leads l JOIN deals d ON d.id = l.converted_deal_id
  SET l.converted_account_id = d.account_id
  WHERE l.status = 'converted' AND l.converted_account_id IS NULL AND d.account_id IS NOT NULL;
