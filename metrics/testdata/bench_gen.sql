-- bench_gen: a province-sized data set straight into the ledger tables, for
-- BenchmarkScore. getvariable('units') units in two groups, years 2020–2024;
-- per unit and year about 380 ledger rows (≈ 19M rows for 10,000 units).
-- One active batch per unit, kind and year; row_id = batch_id * 10^7 + n.
INSERT INTO units SELECT i, '单位' || i, NULL, CASE WHEN i % 4 = 0 THEN '乡镇' ELSE '部门' END,
       CASE WHEN i % 4 = 0 THEN 'A类' ELSE 'B类' END, NULL
FROM range(1, getvariable('units') + 1) r(i);

CREATE TEMP TABLE bk AS
SELECT row_number() OVER () AS batch_id, k.kind, k.n, u.i AS unit_id, y.y AS year
FROM range(1, getvariable('units') + 1) u(i), range(2020, 2025) y(y),
     (VALUES ('applications', 60), ('disclosures', 150), ('documents', 10), ('media', 120), ('activities', 6),
             ('responses', 20), ('tasks', 10), ('appeals', 2), ('enforcement', 4)) k(kind, n);

INSERT INTO batches SELECT batch_id, kind, unit_id, year, 'bench.xlsx', 'x', 'bench', now()::TIMESTAMP,
       n, n, 0, 0, false, 'active', NULL, now()::TIMESTAMP FROM bk;

INSERT INTO ledger_applications
SELECT b.batch_id * 10000000 + s, b.batch_id, b.year, b.unit_id, 'Sheet1', s + 1,
       'A' || s, make_date(b.year, 1, 1) + ((s * 5 + b.unit_id) % 340)::INTEGER,
       ['自然人', '商业企业', '其他'][1 + s % 3], '网络', '内容', NULL, NULL, s % 10 = 0, 0,
       make_date(b.year, 1, 1) + ((s * 5 + b.unit_id) % 340 + 10 + (s * b.unit_id) % 25)::INTEGER,
       ['1', '2', '3.1', '4.1', '5.2'][1 + s % 5], NULL
FROM bk b, range(1, 61) r(s) WHERE b.kind = 'applications';

INSERT INTO ledger_disclosures
SELECT b.batch_id * 10000000 + s, b.batch_id, b.year, b.unit_id, 'Sheet1', s + 1,
       CASE WHEN s = 1 THEN (b.year - 1) || '年政府信息公开工作年度报告' ELSE '信息' || s END, NULL, NULL, '栏目',
       make_date(b.year, 1, 1) + ((s * 2 + b.unit_id) % 330)::INTEGER,
       make_date(b.year, 1, 1) + ((s * 2 + b.unit_id) % 330 + (s * b.unit_id) % 35)::INTEGER,
       '网站', NULL, '审核人', (s + b.unit_id) % 97 <> 0
FROM bk b, range(1, 151) r(s) WHERE b.kind = 'disclosures';

INSERT INTO ledger_documents
SELECT b.batch_id * 10000000 + s, b.batch_id, b.year, b.unit_id, 'Sheet1', s + 1,
       '文件' || s, NULL, ['行政规范性文件', '规章', '其他政策文件'][1 + s % 3],
       make_date(b.year, 1, 1) + (s * 30)::INTEGER, make_date(b.year, 1, 1) + (s * 30 + 1)::INTEGER, NULL,
       '主动公开', NULL,
       CASE WHEN (s + b.unit_id) % 7 = 0 THEN NULL ELSE make_date(b.year, 1, 1) + (s * 30 + 1 + (s + b.unit_id) % 6)::INTEGER END,
       ['文字', '图解', '视频'][1 + (s + b.unit_id) % 3], '解读人'
FROM bk b, range(1, 11) r(s) WHERE b.kind = 'documents';

INSERT INTO ledger_media
SELECT b.batch_id * 10000000 + s, b.batch_id, b.year, b.unit_id, 'Sheet1', s + 1,
       '账号' || (s % 2), ['微信公众号', '微博'][1 + s % 2],
       make_date(b.year, 1, 1) + ((s / 2) * 6 + CASE WHEN b.unit_id % 13 = 0 AND s > 100 THEN 20 ELSE 0 END)::INTEGER, '标题'
FROM bk b, range(1, 121) r(s) WHERE b.kind = 'media';

INSERT INTO ledger_activities
SELECT b.batch_id * 10000000 + s, b.batch_id, b.year, b.unit_id, 'Sheet1', s + 1,
       ['市民代表列席会议', '市民代表列席会议', '政府开放日/公众开放活动', '政务公开专题培训', '主要负责人听取政务公开汇报', '其他'][s],
       make_date(b.year, 1, 1) + (s * 50)::INTEGER, '活动', 20, NULL
FROM bk b, range(1, 7) r(s) WHERE b.kind = 'activities' AND (s < 6 OR b.unit_id % 500 = 0) AND (s <> 2 OR b.unit_id % 3 <> 0);

INSERT INTO ledger_responses
SELECT b.batch_id * 10000000 + s, b.batch_id, b.year, b.unit_id, 'Sheet1', s + 1,
       '12345', make_date(b.year, 1, 1)::TIMESTAMP + INTERVAL (s * 17) DAY,
       make_date(b.year, 1, 1)::TIMESTAMP + INTERVAL (s * 17) DAY + INTERVAL ((s * b.unit_id) % 60) HOUR,
       ['一般', '重大'][1 + s % 2], '事项'
FROM bk b, range(1, 21) r(s) WHERE b.kind = 'responses';

INSERT INTO ledger_tasks
SELECT b.batch_id * 10000000 + s, b.batch_id, b.year, b.unit_id, 'Sheet1', s + 1,
       s::VARCHAR, '任务' || s, b.unit_id, NULL,
       make_date(b.year, 1 + s, 28), '', make_date(b.year, 1 + s, 1) + (20 + (s * b.unit_id) % 15)::INTEGER,
       ['已完成', '已完成', '推进中'][1 + (s + b.unit_id) % 3], NULL
FROM bk b, range(1, 11) r(s) WHERE b.kind = 'tasks';

INSERT INTO ledger_appeals
SELECT b.batch_id * 10000000 + s, b.batch_id, b.year, b.unit_id, 'Sheet1', s + 1,
       'C' || s, '行政复议', make_date(b.year, 3 * s, 1), CASE WHEN (b.unit_id + s) % 11 = 0 THEN '结果纠正' ELSE '结果维持' END, NULL
FROM bk b, range(1, 3) r(s) WHERE b.kind = 'appeals';

INSERT INTO ledger_enforcement
SELECT b.batch_id * 10000000 + s, b.batch_id, b.year, b.unit_id, 'Sheet1', s + 1,
       ['行政许可', '行政处罚', '行政强制', '行政事业性收费'][s], (b.unit_id * s) % 200, CASE WHEN s = 4 THEN 12.5 ELSE 0 END
FROM bk b, range(1, 5) r(s) WHERE b.kind = 'enforcement';

-- Published as gongkai publishes an upload: the cur_* views read the
-- active log (migration 0005).
INSERT INTO batch_active_log SELECT nextval('active_seq'), unit_id, kind, year, batch_id FROM batches ORDER BY batch_id;
