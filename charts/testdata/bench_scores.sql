-- bench_scores: scores generated directly in SQL for the leadership-output
-- benchmarks: getvariable('units') units in two groups, scored 2022–2024
-- under a scheme of six 一级 indicators with two rules each (plus a bonus
-- and a veto item); per unit and year 20 applications (one batch), whose
-- late replies are the evidence of rule 2.1, and evidence rows for the
-- other lost rules drawn from the same applications.
INSERT INTO units
SELECT i, '平安县' || ['财政', '教育', '公安', '民政', '司法', '交通运输', '水利', '商务', '审计', '统计', '青石镇', '城关镇'][1 + i % 12] || i ||
          CASE WHEN i % 4 = 0 THEN '人民政府' ELSE '局' END,
       NULL, CASE WHEN i % 4 = 0 THEN '乡镇' ELSE '部门' END,
       CASE WHEN i % 4 = 0 THEN 'A类 乡镇街道' ELSE 'B类 县直部门' END, NULL
FROM range(1, getvariable('units') + 1) r(i);

CREATE TEMP TABLE bench_years AS SELECT y FROM range(2022, 2025) t(y);

INSERT INTO schemes SELECT y, 'bench ' || y, 'bench.yaml', '', 1000, 40, false, 3, 'grade', now()::TIMESTAMP FROM bench_years;
INSERT INTO scheme_grades SELECT y, g, m, o FROM bench_years,
    (VALUES ('优秀', 90, 0), ('良好', 80, 1), ('合格', 60, 2), ('不合格', 0, 3)) v(g, m, o);
INSERT INTO scheme_groups SELECT y, grp, unit_id FROM bench_years, units;

CREATE TEMP TABLE bench_ind AS
SELECT * FROM (VALUES
    ('1', NULL, 1, 1, '主动公开', 25.0, 'score', NULL),
    ('1.1', '1', 2, 2, '信息形成之日起20个工作日内公开', 15.0, 'score', 'ratio'),
    ('1.2', '1', 2, 3, '发布前保密审查', 10.0, 'score', 'ratio'),
    ('2', NULL, 1, 4, '依申请公开', 25.0, 'score', NULL),
    ('2.1', '2', 2, 5, '法定期限内答复', 15.0, 'score', 'ratio'),
    ('2.2', '2', 2, 6, '行政复议、行政诉讼被纠错', 10.0, 'score', 'deduction'),
    ('3', NULL, 1, 7, '政策解读', 20.0, 'score', NULL),
    ('3.1', '3', 2, 8, '规章和行政规范性文件解读率', 10.0, 'score', 'ratio'),
    ('3.2', '3', 2, 9, '解读与文件同步（3个工作日内）', 10.0, 'score', 'ratio'),
    ('4', NULL, 1, 10, '重点任务落实', 15.0, 'score', NULL),
    ('4.1', '4', 2, 11, '工作要点任务按时限完成', 10.0, 'score', 'ratio'),
    ('4.2', '4', 2, 12, '重点领域信息公开', 5.0, 'score', 'ratio'),
    ('5', NULL, 1, 13, '公众参与和工作机制', 10.0, 'score', NULL),
    ('5.1', '5', 2, 14, '政府开放日活动不少于1次', 5.0, 'score', 'threshold'),
    ('5.2', '5', 2, 15, '政务公开专题培训不少于1次', 5.0, 'score', 'threshold'),
    ('6', NULL, 1, 16, '回应关切', 5.0, 'score', NULL),
    ('6.1', '6', 2, 17, '重大舆情5小时内回应', 3.0, 'score', 'ratio'),
    ('6.2', '6', 2, 18, '一般关切48小时内回应', 2.0, 'score', 'ratio'),
    ('B1', NULL, 1, 19, '多元化解读（每件加0.5分）', 2.0, 'bonus', 'bonus'),
    ('V1', NULL, 1, 20, '未经保密审查发布信息3条以上', 0.0, 'veto', 'veto')
) v(id, parent_id, level, ord, name, points, section, rule);

INSERT INTO scheme_indicators (year, id, parent_id, level, ord, name, points, section, rule, measure, param)
SELECT y, id, parent_id, level, ord, name, points, section, rule, CASE WHEN rule IS NOT NULL THEN 'bench' END, ''
FROM bench_years, bench_ind;

-- One applications batch per unit and year, 20 applications each.
CREATE TEMP TABLE bench_batches AS
SELECT row_number() OVER (ORDER BY y, unit_id) AS batch_id, unit_id, y AS year FROM bench_years, units;
INSERT INTO batches SELECT batch_id, 'applications', unit_id, year, '平安县' || unit_id || '号单位' || year || '年依申请公开台账.xlsx', 'x', 'bench',
       now()::TIMESTAMP, 20, 20, 0, 0, false, 'active', NULL, now()::TIMESTAMP FROM bench_batches;
INSERT INTO ledger_applications
SELECT b.batch_id * 100 + s, b.batch_id, b.year, b.unit_id, '依申请公开', s + 2,
       '依申' || b.year || '-' || s, make_date(b.year, 1, 5) + ((s * 17 + b.unit_id) % 330)::INTEGER,
       ['自然人', '商业企业', '其他'][1 + s % 3], '网络', '申请公开某项信息', NULL, NULL, s % 9 = 0, 0,
       make_date(b.year, 1, 5) + ((s * 17 + b.unit_id) % 330 + 3 + (s * b.unit_id) % 40)::INTEGER,
       ['1', '2', '3.4', '4.1', '5.2', '6.3'][1 + (s + b.unit_id) % 6], 0
FROM bench_batches b, range(1, 21) r(s);

-- Leaf points: a deterministic share of the maximum; roughly one leaf in
-- three loses points. Evidence: up to three of the unit's applications.
CREATE TEMP TABLE bench_leaf AS
SELECT y AS year, u.unit_id, i.id, i.parent_id, i.points AS max,
       CASE WHEN i.section = 'score' AND hash(u.unit_id, y, i.id) % 3 = 0
            THEN round(i.points * ((hash(u.unit_id, i.id, y) % 100) / 100.0), 2) ELSE i.points END AS pts,
       i.section, i.rule
FROM bench_years, units u, bench_ind i
WHERE i.rule IS NOT NULL;
UPDATE bench_leaf SET pts = CASE WHEN hash(unit_id, year) % 5 = 0 THEN 1 ELSE 0 END WHERE section = 'bonus';
UPDATE bench_leaf SET pts = 0 WHERE section = 'veto';

INSERT INTO score_items
SELECT l.year, l.unit_id, l.id, l.pts, l.max, NULL, NULL,
       l.section = 'veto' AND hash(l.unit_id, l.year) % 97 = 0 OR l.section = 'bonus' AND l.pts > 0,
       CASE WHEN l.pts < l.max AND l.section = 'score'
            THEN [b.batch_id * 100 + 1 + hash(l.unit_id, l.id) % 20, b.batch_id * 100 + 1 + hash(l.id, l.unit_id) % 20, b.batch_id * 100 + 1 + hash(l.id, l.year) % 20][1:1 + hash(l.unit_id, l.id, 7) % 3]
            ELSE [] END
FROM bench_leaf l JOIN bench_batches b ON b.unit_id = l.unit_id AND b.year = l.year;

INSERT INTO score_items
SELECT l.year, l.unit_id, l.parent_id, round(sum(l.pts), 2), any_value(p.points), NULL, NULL, false, NULL
FROM bench_leaf l JOIN bench_ind p ON p.id = l.parent_id
WHERE l.section = 'score'
GROUP BY l.year, l.unit_id, l.parent_id;

INSERT INTO score_results
WITH t AS (
    SELECT l.year, l.unit_id, u.grp,
           round(sum(l.pts) FILTER (WHERE l.section = 'score'), 2) AS base,
           coalesce(sum(l.pts) FILTER (WHERE l.section = 'bonus'), 0) AS bonus,
           bool_or(l.section = 'veto' AND hash(l.unit_id, l.year) % 97 = 0) AS vetoed
    FROM bench_leaf l JOIN units u USING (unit_id)
    GROUP BY l.year, l.unit_id, u.grp
)
SELECT year, unit_id, grp, base, bonus, base + bonus, 100, base + bonus,
       rank() OVER (PARTITION BY year, grp ORDER BY vetoed, base + bonus DESC),
       CASE WHEN vetoed THEN '不合格' WHEN base + bonus >= 90 THEN '优秀' WHEN base + bonus >= 80 THEN '良好'
            WHEN base + bonus >= 60 THEN '合格' ELSE '不合格' END,
       vetoed, (base + bonus) * 0.4
FROM t;

-- Published as gongkai publishes an upload: the cur_* views read the
-- active log (migration 0005).
INSERT INTO batch_active_log SELECT nextval('active_seq'), unit_id, kind, year, batch_id FROM batches ORDER BY batch_id;
