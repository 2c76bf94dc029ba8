-- 0017_catalog: the 公开事项目录 (基层政务公开标准目录, issue 19 part 2): a
-- unit's catalogue of what it publishes, one row per item with its domain
-- (one of the 26 of gongkai.CatalogDomains) and its eight elements; the
-- domains a unit must cover, from the scheme; and each item's deadlines
-- against the 主动公开台账.

CREATE TABLE ledger_catalog (
    row_id BIGINT NOT NULL, batch_id BIGINT NOT NULL, year INTEGER NOT NULL, unit_id BIGINT NOT NULL,
    src_sheet VARCHAR, src_row INTEGER NOT NULL,
    domain VARCHAR, item VARCHAR, content VARCHAR, basis VARCHAR, time_limit VARCHAR,
    subject VARCHAR, method VARCHAR, channel VARCHAR, audience VARCHAR
);

-- The kind's views, its cur_catalog and its branch of ledger_rows, are made
-- from its declaration at every Open (sql/kinds/views.sql); this cur_catalog
-- is only what catalog_deadlines below binds to as it is made.
CREATE VIEW cur_catalog AS SELECT l.* FROM ledger_catalog l WHERE l.batch_id IN (SELECT batch_id FROM active_batches);

-- scheme_domains: the domains the members of a 考核分组 must cover in their
-- 公开事项目录 (the scheme's owes_domains:, owes_domains_by_type:), per
-- registry unit type ('' = the group's list for every type the scheme does
-- not name), beside what they owe (scheme_owes, migration 0011).
CREATE TABLE scheme_domains (
    year      INTEGER NOT NULL,
    grp       VARCHAR NOT NULL,
    unit_type VARCHAR NOT NULL,
    domain    VARCHAR NOT NULL
);

-- unit_domains, the domains each unit must cover in each year, chosen as
-- unit_owes chooses the kinds, is a view store makes at every Open
-- (sql/views/unit_list.sql). A unit without rows owes no domain.

-- catalog_deadlines: each catalogue item's deadlines in its year, one row
-- per obligation, read by the measure catalog_overdue and the unit page
-- (queries/catalog_items.sql), so the two agree.
-- 公开时限 is text; the forms read, in this order:
--   "(信息形成之日起)N个工作日内" (workdays): each matching publication of
--     the year is due N working days (calendar table, 调休 included) after
--     its 形成日期;
--   "N日内" / "N天内" (days): the same in calendar days;
--   "每季度", "每季度末", "按季度" (quarterly): a matching publication
--     within each quarter, due its last day;
--   "每月", "按月" (monthly): one within each month;
--   "每年X月底前" (yearly; X in digits or 一…十二): one from 1 January to
--     the last day of month X;
--   "实时", "常态化" (ongoing): at least one in the year, due 31 December.
-- A publication matches an item when it is the same unit's and, with
-- titles, 栏目 and item names normalised (spaces and punctuation dropped):
-- its title contains the item name, or its 栏目 is the item name, or its
-- 栏目 contains the item's domain and its title shares at least four
-- consecutive characters with the item name.
-- state: 按时 (a matching publication by the due date: pub_row), 逾期 (due
-- date passed without one; pub_row the first later one, if any: for the
-- periodic forms one published by the end of the next period — a quarter,
-- a month, a year —, not one of a later period), 未到期
-- (due date not yet passed, none yet), 无法判定 (not judged, note says
-- why: no name, a 公开时限 of no known form, for the workday and day forms
-- no matching publication of the year to anchor on or one without 形成日期,
-- or a date outside the known holiday calendar).
CREATE VIEW catalog_deadlines AS
WITH i AS (
    SELECT row_id, batch_id, unit_id, year, domain, item, time_limit,
           regexp_replace(coalesce(item, ''), '[\s　，,。.、；;：:“”"''‘’《》<>〈〉（）()【】\[\]\-—–·/／]', '', 'g') AS name_n,
           regexp_replace(coalesce(time_limit, ''), '\s', '', 'g') AS tl
    FROM cur_catalog
), f AS (
    SELECT i.*,
           CASE WHEN regexp_matches(tl, '\d+个?工作日') THEN 'workdays'
                WHEN regexp_matches(tl, '\d+[日天]内') THEN 'days'
                WHEN contains(tl, '每季') OR contains(tl, '按季') THEN 'quarterly'
                WHEN contains(tl, '每月') OR contains(tl, '按月') THEN 'monthly'
                WHEN regexp_matches(tl, '每年([0-9]{1,2}|[一二三四五六七八九十]{1,3})月') THEN 'yearly'
                WHEN contains(tl, '实时') OR contains(tl, '常态化') THEN 'ongoing'
           END AS form,
           coalesce(TRY_CAST(regexp_extract(tl, '(\d+)个?工作日', 1) AS INTEGER),
                    TRY_CAST(regexp_extract(tl, '(\d+)[日天]内', 1) AS INTEGER)) AS n,
           coalesce(TRY_CAST(regexp_extract(tl, '每年([0-9]{1,2}|[一二三四五六七八九十]{1,3})月', 1) AS INTEGER),
                    list_position(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'],
                                  regexp_extract(tl, '每年([一二三四五六七八九十]{1,3})月', 1))) AS month
    FROM i
), d AS (
    SELECT row_id, unit_id, formed, published,
           regexp_replace(coalesce(title, ''), '[\s　，,。.、；;：:“”"''‘’《》<>〈〉（）()【】\[\]\-—–·/／]', '', 'g') AS title_n,
           regexp_replace(coalesce(category, ''), '[\s　，,。.、；;：:“”"''‘’《》<>〈〉（）()【】\[\]\-—–·/／]', '', 'g') AS cat_n
    FROM cur_disclosures
    WHERE published IS NOT NULL
), grams AS (
    -- the item name's runs of four characters
    SELECT row_id, substr(name_n, k::INTEGER, 4) AS gram
    FROM (SELECT row_id, name_n, unnest(range(1, length(name_n) - 2)) AS k FROM f WHERE length(name_n) >= 4)
), m AS (
    SELECT DISTINCT f.row_id AS item_row, d.row_id AS pub_row, d.formed, d.published
    FROM f JOIN d ON d.unit_id = f.unit_id
    WHERE f.name_n <> '' AND (contains(d.title_n, f.name_n) OR d.cat_n = f.name_n
          OR (contains(d.cat_n, f.domain)
              AND EXISTS (SELECT 1 FROM grams g WHERE g.row_id = f.row_id AND contains(d.title_n, g.gram))))
), periods AS (
    SELECT f.row_id, q.k AS nth, make_date(f.year, 3 * q.k - 2, 1) AS start, last_day(make_date(f.year, 3 * q.k, 1)) AS due,
           3 AS span, f.year || '年第' || q.k || '季度' AS period
    FROM f, range(1, 5) q(k) WHERE f.form = 'quarterly' AND f.name_n <> ''
    UNION ALL
    SELECT f.row_id, q.k, make_date(f.year, q.k::INTEGER, 1), last_day(make_date(f.year, q.k::INTEGER, 1)), 1, f.year || '年' || q.k || '月'
    FROM f, range(1, 13) q(k) WHERE f.form = 'monthly' AND f.name_n <> ''
    UNION ALL
    SELECT f.row_id, 1, make_date(f.year, 1, 1), last_day(make_date(f.year, f.month, 1)), 12, f.year || '年' || f.month || '月底前'
    FROM f WHERE f.form = 'yearly' AND f.month BETWEEN 1 AND 12 AND f.name_n <> ''
    UNION ALL
    SELECT f.row_id, 1, make_date(f.year, 1, 1), make_date(f.year, 12, 31), 12, f.year || '年内'
    FROM f WHERE f.form = 'ongoing' AND f.name_n <> ''
), periodic AS (
    SELECT p.row_id, p.nth, p.period, p.due,
           arg_min(m.pub_row, m.published) FILTER (WHERE m.published BETWEEN p.start AND p.due) AS on_time_row,
           min(m.published) FILTER (WHERE m.published BETWEEN p.start AND p.due) AS on_time,
           arg_min(m.pub_row, m.published) FILTER (WHERE m.published > p.due AND m.published <= p.late_until) AS late_row,
           min(m.published) FILTER (WHERE m.published > p.due AND m.published <= p.late_until) AS late
    FROM (SELECT *, last_day(due + to_months(span)) AS late_until FROM periods) p
    LEFT JOIN m ON m.item_row = p.row_id
    GROUP BY p.row_id, p.nth, p.period, p.due
), events AS (
    -- the workday and day forms: each matching publication of the year
    SELECT f.row_id, row_number() OVER (PARTITION BY f.row_id ORDER BY m.published, m.pub_row) AS nth,
           m.pub_row, m.formed, m.published,
           CASE f.form WHEN 'workdays' THEN w.d ELSE m.formed + f.n END AS due
    FROM f JOIN m ON m.item_row = f.row_id AND year(m.published) = f.year
    LEFT JOIN calendar c ON c.d = m.formed
    LEFT JOIN calendar w ON f.form = 'workdays' AND w.is_work AND w.wd_seq = c.wd_seq + f.n
    WHERE f.form IN ('workdays', 'days') AND f.n IS NOT NULL
), o AS (
    SELECT row_id, nth, period, due, coalesce(on_time_row, late_row) AS pub_row, coalesce(on_time, late) AS published,
           CASE WHEN on_time_row IS NOT NULL THEN '按时' WHEN due >= current_date THEN '未到期' ELSE '逾期' END AS state,
           NULL::VARCHAR AS note
    FROM periodic
    UNION ALL
    SELECT row_id, nth, strftime(formed, '%Y-%m-%d') || '形成', due, pub_row, published,
           CASE WHEN formed IS NULL OR due IS NULL THEN '无法判定' WHEN published <= due THEN '按时' ELSE '逾期' END,
           CASE WHEN formed IS NULL THEN '匹配的公开记录没有形成日期'
                WHEN due IS NULL THEN '日期超出已知的节假日安排' END
    FROM events
    UNION ALL
    SELECT row_id, 1, NULL, NULL, NULL, NULL, '无法判定',
           CASE WHEN name_n = '' THEN '未填写公开事项名称'
                WHEN tl = '' THEN '未填写公开时限'
                WHEN form IS NULL OR (form = 'yearly' AND month NOT BETWEEN 1 AND 12) THEN '无法识别的公开时限'
                ELSE '本年没有匹配的公开记录，无法确定信息形成日期' END
    FROM f
    WHERE name_n = '' OR form IS NULL OR (form = 'yearly' AND month NOT BETWEEN 1 AND 12)
       OR (form IN ('workdays', 'days') AND NOT EXISTS (SELECT 1 FROM events e WHERE e.row_id = f.row_id))
)
SELECT f.row_id, f.batch_id, f.unit_id, f.year, f.domain, f.item, f.time_limit, f.form,
       o.nth, o.period, o.due, o.pub_row, o.published, o.state, o.note
FROM f JOIN o ON o.row_id = f.row_id;
