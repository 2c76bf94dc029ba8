package server

// How the web words a refused ledger file. ingest's reason states the facts
// and names no flag; for the codes a control of the upload page settles,
// the web names the control here, the one place it does. A web page (and
// the JSON of /api/) never names a CLI flag or an API parameter. The CLI
// words the same codes in cmd/gongkai/words.go.

import "gongkai"

// webHints is what the web adds to ingest's reason for the codes a control of
// the upload page settles; for every other code the reason is the sentence.
var webHints = gongkai.Hints{
	gongkai.ENOKIND:      "，或在上传页选择台账类型",
	gongkai.ENOUNIT:      "，或在上传页选择单位",
	gongkai.ENOYEAR:      "，请在上传页选择年度",
	gongkai.EROWSREFUSED: "，或勾选“有错误行时仍导入正确的行”只导入正确的行",
}

// auditActions are the audit log's actions in the office's words, in the
// order the audit page offers them as a filter. The log keeps the code.
var auditActions = []struct{ Code, Title string }{
	{"login", "登录"},
	{"logout", "退出"},
	{"upload", "上传台账"},
	{"restore", "恢复批次"},
	{"units", "更新单位名录"},
	{"scheme", "导入考核细则"},
	{"score", "计算得分"},
	{"publish", "发布"},
	{"withdraw", "撤回发布"},
	{"declare", "声明无数据"},
	{"withdraw_declaration", "撤回无数据声明"},
	{"account", "账号管理"},
	{"token", "访问令牌"},
	{"internal_error", "系统错误"},
}

// actionTitle is an audit action in words; an unknown code as it is.
func actionTitle(code string) string {
	for _, a := range auditActions {
		if a.Code == code {
			return a.Title
		}
	}
	return code
}
