-- 039_stage_names_zh.sql: the Chinese names of the six default deal
-- stages, so a zh-CN user's pipeline, filters and deal pages do not show
-- "Won" or "Lost" in English before an administrator names them on
-- /admin/stages. Only stages still named as installed and without a
-- Chinese name of their own get one; an administrator changes it there.
INSERT INTO deal_stage_names (stage_id, lang, name)
SELECT s.id, 'zh-CN', CASE s.name
    WHEN 'Prospecting' THEN '潜在客户'
    WHEN 'Qualification' THEN '资格确认'
    WHEN 'Proposal' THEN '方案报价'
    WHEN 'Negotiation' THEN '谈判'
    WHEN 'Won' THEN '赢单'
    WHEN 'Lost' THEN '丢单' END
  FROM deal_stages s
 WHERE s.name IN ('Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Won', 'Lost')
   AND NOT EXISTS (SELECT 1 FROM deal_stage_names n WHERE n.stage_id = s.id AND n.lang = 'zh-CN');
