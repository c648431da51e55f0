-- 016_contact_list_indexes.sql: indexes for the contact list's other
-- orders and searches (contact_list.c): recently updated first, and the
-- name search, which matches the beginning of the last or the first
-- name (an index merge of contacts_list and contacts_first_name).
ALTER TABLE contacts
  ADD KEY contacts_updated (deleted_at, updated_at, id),
  ADD KEY contacts_first_name (deleted_at, first_name, id);
