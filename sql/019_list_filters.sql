-- 016_list_filters.sql: indexes for the list filters (accounts by owner;
-- leads by status; deals by currency; activities by owner, kind and
-- state). Each list pages by a keyset (accounts by name and id, the
-- others newest first by id), so each index ends with the keyset's
-- columns after the filter's: a filtered page reads its rows in order
-- instead of sorting everything that matches. Filters already served:
-- leads and deals by owner (leads_owner, deals_owner: InnoDB appends the
-- id), deals by stage (deals_list).
ALTER TABLE accounts ADD KEY accounts_owner_list (owner_id, deleted_at, name, id);
ALTER TABLE leads ADD KEY leads_status_list (status, deleted_at, id);
ALTER TABLE deals ADD KEY deals_currency_list (currency, deleted_at, id);
ALTER TABLE activities ADD KEY activities_owner_list (owner_id, deleted_at, id),
  ADD KEY activities_kind_state (kind, done_at, id);
