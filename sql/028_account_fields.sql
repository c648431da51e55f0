-- 028_account_fields.sql: the standard fields of an account (company
-- data, no personal data): industry (a code of the fixed list in
-- account_decl.c), website, phone, billing and shipping address, number
-- of employees and annual revenue in cents with its currency. All
-- optional (NULL: not given).
ALTER TABLE accounts
  ADD COLUMN industry VARCHAR(32) NULL,
  ADD COLUMN website VARCHAR(300) NULL,
  ADD COLUMN phone VARCHAR(32) NULL,
  ADD COLUMN billing_address TEXT NULL,
  ADD COLUMN shipping_address TEXT NULL,
  ADD COLUMN employees INT UNSIGNED NULL,
  ADD COLUMN annual_revenue BIGINT UNSIGNED NULL,
  ADD COLUMN revenue_currency CHAR(3) NULL;
