-- 036_dashboard.sql: what the dashboard (src/web/page_home.c) reads
-- without summing or sorting a user's whole book per request.
--
-- deal_pipeline_sums: the open and closed deals (not deleted) per owner,
-- team (0: none), stage and currency: how many, their total and their
-- probability-weighted total (the sum of amount_cents * probability, in
-- cents times percent). Triggers on deals keep it in the same transaction
-- as every write to a deal, whoever writes (the forms, the board, lead
-- conversion, imports, crmctl seed and reassign, an operator's SQL), so
-- no code path can forget it. A dashboard reads a few dozen rows of it
-- instead of 50,000 deals.
CREATE TABLE deal_pipeline_sums (
  owner_id BIGINT UNSIGNED NOT NULL,
  team_id INT UNSIGNED NOT NULL,
  stage_id INT UNSIGNED NOT NULL,
  currency CHAR(3) NOT NULL,
  deals BIGINT NOT NULL,
  amount_cents BIGINT NOT NULL,
  weighted BIGINT NOT NULL,
  PRIMARY KEY (owner_id, team_id, stage_id, currency),
  KEY deal_pipeline_sums_team (team_id, owner_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- The application reads it; only the triggers (running as their definer)
-- write it.
GRANT SELECT ON deal_pipeline_sums TO @APP_ACCOUNT@;

INSERT INTO deal_pipeline_sums (owner_id, team_id, stage_id, currency, deals, amount_cents, weighted)
  SELECT owner_id, COALESCE(team_id, 0), stage_id, currency, COUNT(*), SUM(amount_cents),
    SUM(amount_cents * probability)
  FROM deals WHERE deleted_at IS NULL GROUP BY owner_id, COALESCE(team_id, 0), stage_id, currency;

CREATE TRIGGER deals_insert_sums AFTER INSERT ON deals FOR EACH ROW
  INSERT INTO deal_pipeline_sums (owner_id, team_id, stage_id, currency, deals, amount_cents, weighted)
  SELECT NEW.owner_id, COALESCE(NEW.team_id, 0), NEW.stage_id, NEW.currency, 1, NEW.amount_cents,
    NEW.amount_cents * NEW.probability FROM DUAL WHERE NEW.deleted_at IS NULL
  ON DUPLICATE KEY UPDATE deals = deals + 1,
    amount_cents = deal_pipeline_sums.amount_cents + VALUES(amount_cents),
    weighted = deal_pipeline_sums.weighted + VALUES(weighted);

CREATE TRIGGER deals_update_sums AFTER UPDATE ON deals FOR EACH ROW
BEGIN
  IF NOT (OLD.owner_id <=> NEW.owner_id AND OLD.team_id <=> NEW.team_id
      AND OLD.stage_id <=> NEW.stage_id AND OLD.currency <=> NEW.currency
      AND OLD.amount_cents <=> NEW.amount_cents AND OLD.probability <=> NEW.probability
      AND (OLD.deleted_at IS NULL) <=> (NEW.deleted_at IS NULL)) THEN
    IF OLD.deleted_at IS NULL THEN
      UPDATE deal_pipeline_sums SET deals = deals - 1, amount_cents = amount_cents - OLD.amount_cents,
        weighted = weighted - OLD.amount_cents * OLD.probability
      WHERE owner_id = OLD.owner_id AND team_id = COALESCE(OLD.team_id, 0)
        AND stage_id = OLD.stage_id AND currency = OLD.currency;
    END IF;
    IF NEW.deleted_at IS NULL THEN
      INSERT INTO deal_pipeline_sums (owner_id, team_id, stage_id, currency, deals, amount_cents, weighted)
        VALUES (NEW.owner_id, COALESCE(NEW.team_id, 0), NEW.stage_id, NEW.currency, 1, NEW.amount_cents,
          NEW.amount_cents * NEW.probability)
      ON DUPLICATE KEY UPDATE deals = deals + 1,
        amount_cents = deal_pipeline_sums.amount_cents + VALUES(amount_cents),
        weighted = deal_pipeline_sums.weighted + VALUES(weighted);
    END IF;
  END IF;
END;

CREATE TRIGGER deals_delete_sums AFTER DELETE ON deals FOR EACH ROW
  UPDATE deal_pipeline_sums SET deals = deals - 1, amount_cents = amount_cents - OLD.amount_cents,
    weighted = weighted - OLD.amount_cents * OLD.probability
  WHERE OLD.deleted_at IS NULL AND owner_id = OLD.owner_id AND team_id = COALESCE(OLD.team_id, 0)
    AND stage_id = OLD.stage_id AND currency = OLD.currency;

-- closed_at follows the stage's outcome (deal_sql.h keeps it on update);
-- a deal created in a won or lost stage (a form, an import, the seed)
-- closes when it is created. Closed deals from before get their last
-- change as the closing time.
CREATE TRIGGER deals_insert_closed BEFORE INSERT ON deals FOR EACH ROW
  SET NEW.closed_at = IF(NEW.closed_at IS NULL
    AND (SELECT outcome FROM deal_stages WHERE id = NEW.stage_id) <> 'open', UTC_TIMESTAMP(), NEW.closed_at);
UPDATE deals d JOIN deal_stages s ON s.id = d.stage_id SET d.closed_at = d.updated_at
  WHERE d.closed_at IS NULL AND s.outcome <> 'open';

-- Won this quarter: the deals closed in a time range, read from the index
-- alone. Closing this month: the deals by close date, in date order.
ALTER TABLE deals ADD KEY deals_closed (deleted_at, closed_at, stage_id, owner_id, team_id, currency, amount_cents),
  ADD KEY deals_closing (deleted_at, expected_close);

-- Meetings and calls today: a user's activities of one kind by time
-- (tasks due use activities_my_open: owner, done_at, due_at).
ALTER TABLE activities ADD KEY activities_my_schedule (owner_id, kind, due_at);
