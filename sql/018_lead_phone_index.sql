-- 016_lead_phone_index.sql: an index on the leads' phone blind index.
-- A CSV import of leads looks each row's phone up (duplicates within the
-- importer's scope), as contacts do through contacts_phone; without it
-- every lookup scanned the table.
ALTER TABLE leads ADD KEY leads_phone (phone_bidx);
