-- 025_personal_field_defaults.sql: the built-in roles' default rules for
-- personal fields (README "Personal fields: default rules per role").
-- 010 masked the auditor's contact email and phone but left the contact's
-- address and birth date and a lead's email and phone at "as the module",
-- that is read-only, in clear; finance saw birth dates it has no use for.
-- New defaults: the auditor sees every personal field of a person record
-- masked (a reveal is audited; a masked field also cannot be searched,
-- filtered, sorted or duplicate-checked), finance sees birth dates masked.
--
-- Only where the role still has the value 010 seeded, which for these
-- fields is no rule row at all: a row of any value there was put by an
-- administrator (the /admin/roles form writes one only when a rule other
-- than "default" is chosen) and is kept. Only the built-in roles of those
-- names. The rbac_generation triggers of 017 fire on the inserts, so the
-- workers' rights caches pick the rules up on the next request.
INSERT INTO role_field_rules (role_id, module, field, rule)
  SELECT r.id, f.module, f.field, 'masked' FROM roles r JOIN (
    SELECT 'auditor' role, 'contacts' module, 'address' field UNION ALL
    SELECT 'auditor', 'contacts', 'birth_date' UNION ALL
    SELECT 'auditor', 'leads', 'email' UNION ALL
    SELECT 'auditor', 'leads', 'phone' UNION ALL
    SELECT 'finance', 'contacts', 'birth_date'
  ) f ON f.role = r.name
  WHERE r.builtin = 1 AND NOT EXISTS (SELECT 1 FROM role_field_rules x
    WHERE x.role_id = r.id AND x.module = f.module AND x.field = f.field);
