-- parquet/derived.sql: the views the migrations derive from the cur_<kind>
-- views and the calendar, copied from their migration ({{create NAME}}), so
-- that the measures reading them run over an export unchanged.
{{create application_deadlines}}
-- The 公开事项目录's deadlines (migration 0017), for the catalog_ measures
-- (the domains each unit must cover, unit_domains, store.ParquetViews adds
-- from sql/views/unit_list.sql).
{{create catalog_deadlines}}
-- 人大代表建议和政协提案: each proposal's standing per 主办单位 (migration 0016).
{{create proposal_checks}}
