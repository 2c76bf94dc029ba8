package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gongkai"
	"gongkai/ingest"
)

// maxUploadFiles per request.
const maxUploadFiles = 20

// received is one uploaded file saved to a temporary path.
type received struct {
	path  string // random name under FilesDir/tmp
	name  string // the clerk's file name, for display and unit/year detection only
	field string // the form's file input it came in
}

// uploadSpec says which file inputs a form has and how many files each
// may carry.
type uploadSpec struct {
	fields   []string
	maxFiles int    // per input
	noFile   string // the message when no file came
}

// ledgerUpload is the form of ledger uploads and of the admin's one-file
// uploads (registry, scheme).
var ledgerUpload = uploadSpec{fields: []string{"file"}, maxFiles: maxUploadFiles,
	noFile: "没有收到文件：请选择要上传的台账文件（Excel 工作簿或 CSV 文件）"}

// uploadForm is a parsed multipart upload.
type uploadForm struct {
	files   []received
	year    int
	kind    string
	unit    string
	partial bool
	csrf    string
	extra   map[string]string // other text fields
}

func (f *uploadForm) cleanup() {
	for _, r := range f.files {
		os.Remove(r.path)
	}
}

// httpError carries a status and a message for the user.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// displayName keeps the last path element of a client's file name, without
// control characters, at most 120 characters. It is shown and handed to
// ingest as the name; it is never a path on this machine.
func displayName(raw string) string {
	if i := strings.LastIndexAny(raw, `/\`); i >= 0 {
		raw = raw[i+1:]
	}
	raw = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, raw)
	raw = strings.TrimSpace(raw)
	if utf8.RuneCountInString(raw) > 120 {
		raw = string([]rune(raw)[:120])
	}
	if raw == "" || raw == "." || raw == ".." {
		raw = "未命名文件"
	}
	return raw
}

// readUpload streams a multipart body to temporary files. The body is
// bounded by MaxUploadBytes; going over is a 413 with a message. Its
// refusals are the user's words, never Go's parse errors: a page's user is
// not told the names of form fields either (uploadRefusal).
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request, spec uploadSpec) (*uploadForm, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		if isAPI(r) {
			return nil, badRequest("请以 multipart/form-data 上传文件（字段名 file）")
		}
		return nil, badRequest("没有收到上传的文件：请在本页选择文件后点击上传")
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUploadBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, badRequest("%s", msgUploadMalformed)
	}
	f := &uploadForm{}
	count := map[string]int{}
	tooBig := func(err error) error {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &httpError{http.StatusRequestEntityTooLarge, fmt.Sprintf("上传内容超过 %s 上限，请拆分后分别上传", sizeText(s.cfg.MaxUploadBytes))}
		}
		return uploadRefusal(err)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			f.cleanup()
			return nil, tooBig(err)
		}
		name := part.FormName()
		if slices.Contains(spec.fields, name) {
			if part.FileName() == "" {
				part.Close()
				continue // an empty file input
			}
			if count[name] == spec.maxFiles {
				part.Close()
				f.cleanup()
				return nil, badRequest("一次最多上传 %d 个文件", spec.maxFiles)
			}
			count[name]++
			tmp, err := os.CreateTemp(filepath.Join(s.cfg.FilesDir, "tmp"), "upload-*")
			if err != nil {
				part.Close()
				f.cleanup()
				return nil, err
			}
			f.files = append(f.files, received{path: tmp.Name(), name: displayName(part.FileName()), field: name})
			_, err = io.Copy(tmp, part)
			cerr := tmp.Close()
			part.Close()
			if err == nil {
				err = cerr
			}
			if err != nil {
				f.cleanup()
				return nil, tooBig(err)
			}
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, 4096))
		part.Close()
		if err != nil {
			f.cleanup()
			return nil, tooBig(err)
		}
		v := strings.TrimSpace(string(b))
		if !utf8.ValidString(v) || !utf8.ValidString(name) {
			// Refused here: DuckDB cannot bind it, so it would end as a
			// lost refusal record and audit entry (validValues).
			f.cleanup()
			if t := uploadFieldTitles[name]; t != "" {
				return nil, badRequest("“%s”一栏含有无法识别的字符（不是有效的 UTF-8 文字），请检查后重新上传", t)
			}
			return nil, badRequest("%s", msgBadText)
		}
		switch name {
		case "year":
			if v != "" {
				y, err := gongkai.ParseYear(v)
				if err != nil {
					f.cleanup()
					return nil, badRequest("年度“%s”无效", v)
				}
				f.year = int(y)
			}
		case "kind":
			if v != "" && gongkai.KindByName(v) == nil {
				f.cleanup()
				return nil, badRequest("%s", unknownKind(v, isAPI(r)))
			}
			f.kind = v
		case "unit":
			f.unit = v
		case "partial":
			f.partial = v == "1" || v == "true" || v == "on"
		case csrfField:
			f.csrf = v
		default:
			if f.extra == nil {
				f.extra = map[string]string{}
			}
			if len(f.extra) < 20 {
				f.extra[name] = v
			}
		}
	}
	if count[spec.fields[0]] == 0 {
		f.cleanup()
		return nil, badRequest("%s", spec.noFile)
	}
	return f, nil
}

// uploadFieldTitles names the upload form's text fields as the page
// labels them.
var uploadFieldTitles = map[string]string{"year": "年度", "kind": "台账类型", "unit": "单位"}

const msgUploadMalformed = "上传内容格式错误（不是完整的文件上传表单），文件未导入，请重新上传"

// uploadRefusal words a multipart body that could not be read to its end:
// cut off (the client stopped or the connection broke) or malformed.
func uploadRefusal(err error) error {
	var ne net.Error
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ne) {
		return badRequest("上传内容不完整（传输中断或未正常结束），文件未导入，数据未作任何改动，请重新上传")
	}
	return badRequest("%s", msgUploadMalformed)
}

// unknownKind refuses a kind that is none of Kinds: a page's user sees
// the kinds' titles, as its list shows them; a program also the names it
// must send.
func unknownKind(v string, api bool) string {
	ks := make([]string, len(gongkai.Kinds))
	for i, k := range gongkai.Kinds {
		ks[i] = k.Title
		if api {
			ks[i] = fmt.Sprintf("%s（%s）", k.Name, k.Title)
		}
	}
	if api {
		return fmt.Sprintf("未知的台账类型“%s”，应为以下之一：%s", v, strings.Join(ks, "、"))
	}
	return fmt.Sprintf("未知的台账类型“%s”，请在“台账类型”中选择：%s，或按表头识别", v, strings.Join(ks, "、"))
}

// checkCSRF: a session's multipart post carries the token in the header
// or in a form field.
func (f *uploadForm) checkCSRF(r *http.Request, p *principal) error {
	if p.via != "session" {
		return nil
	}
	tok := r.Header.Get(csrfHeader)
	if tok == "" {
		tok = f.csrf
	}
	if tok == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(p.csrf)) != 1 {
		return &httpError{http.StatusForbidden, csrfMessage(isAPI(r))}
	}
	return nil
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// upload is the shared part of POST /upload and POST /api/uploads: read,
// check CSRF, ingest every file on the write queue, keep annotated copies
// under random names, record refusals, audit. The results are ingest
// --json's objects, with "annotated" the download URL of the annotated
// copy. A partial import with refused rows is previewed, not loaded: its
// result says what it would replace and carries "confirm", the token that
// loads it (confirm.go).
func (s *Server) upload(w http.ResponseWriter, r *http.Request, p *principal) ([]uploadResult, error) {
	f, err := s.readUpload(w, r, ledgerUpload)
	if err != nil {
		return nil, err
	}
	defer f.cleanup()
	if err := f.checkCSRF(r, p); err != nil {
		return nil, err
	}
	opt := ingest.Options{Year: f.year, Kind: f.kind, Partial: f.partial, Preview: f.partial, Uploader: p.Name, Limits: s.cfg.Limits}
	switch p.Role {
	case RoleClerk:
		// A clerk uploads for their own unit only: the unit is forced, and
		// rows naming another unit are refused by ingest.
		opt.Unit, opt.UnitOnly = p.Unit, true
		if p.UnitID == 0 || p.Unit == "" {
			return nil, &httpError{http.StatusForbidden, "账号未绑定单位，不能上传"}
		}
	case RoleAdmin:
		opt.Unit = f.unit
	default:
		return nil, &httpError{http.StatusForbidden, msgForbidden}
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.UploadTimeout)
	defer cancel()
	var results []uploadResult
	err = s.q.do(ctx, func(ctx context.Context) error {
		s.purgeAnnotated(ctx)
		in, err := ingest.New(ctx, s.db)
		if err != nil {
			return err
		}
		for _, up := range f.files {
			if ctx.Err() != nil {
				// Out of time: the files left are not even opened.
				results = append(results, uploadResult{Result: ingest.Result{File: up.name, Status: ingest.StatusRefused, Code: gongkai.ETIMEOUT, Reason: s.timeoutReason(), Errors: []ingest.RowError{}}})
				continue
			}
			rs, err := s.ingestFile(ctx, r, in, p, up.path, up.name, opt)
			if err != nil {
				return err
			}
			s.pend(in, p, up, opt, rs)
			results = append(results, rs...)
		}
		return nil
	})
	if ctx.Err() != nil && (err != nil || !anyLoaded(results)) {
		// Out of time with nothing committed: the request failed as a
		// whole, which is a 503 (not 200 with a refused file), whether the
		// load noticed the deadline itself or the queue did.
		return nil, &httpError{http.StatusServiceUnavailable, fmt.Sprintf("处理超时（限时 %s），数据未作任何改动，请稍后重试，或拆分后上传", s.cfg.UploadTimeout)}
	}
	if err != nil {
		return nil, err
	}
	return results, nil
}

// ingestFile ingests one uploaded file, on the write queue, and settles
// its results.
func (s *Server) ingestFile(ctx context.Context, r *http.Request, in *ingest.Ingester, p *principal, path, name string, opt ingest.Options) ([]uploadResult, error) {
	annot, err := os.MkdirTemp(filepath.Join(s.cfg.FilesDir, "tmp"), "annot-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(annot)
	opt.AnnotateDir = annot
	// ingest refuses a file whose title, sheet or file name names
	// another unit than the forced one.
	rs := in.File(ctx, path, name, opt)
	for i := range rs {
		if ctx.Err() != nil && rs[i].Status == ingest.StatusRefused {
			rs[i].Code, rs[i].Reason = gongkai.ETIMEOUT, s.timeoutReason()
		}
	}
	return s.settle(ctx, r, in, p, rs), nil
}

// settle words the results of one file for the web, keeps their annotated
// copies, records the refusals and audits each result.
func (s *Server) settle(ctx context.Context, r *http.Request, in *ingest.Ingester, p *principal, rs []ingest.Result) []uploadResult {
	out := make([]uploadResult, len(rs))
	for i := range rs {
		res := &rs[i]
		res.Reason = webHints.Sentence(res.Code, res.Reason)
		who := uploaderOf(p, remoteAddr(r))
		fileID := ""
		if res.Annotated != "" {
			var err error
			fileID, err = keepAnnotated(ctx, s.db, s.cfg.FilesDir, res.Annotated, unitOf(in, res.Unit), who, res.File)
			if err != nil {
				s.log.Warn("保存错误标注文件失败", "err", err)
			}
			os.Remove(res.Annotated)
			res.Annotated = ""
			if fileID != "" {
				res.Annotated = "/files/" + fileID
			}
		}
		if res.Status == ingest.StatusRefused {
			if err := fileRefusal(ctx, s.db, in, who, res, fileID, -1); err != nil {
				s.log.Error("记录被拒收的上传失败", "err", err, "file", res.File)
			}
		}
		if err := auditUpload(ctx, s.db, who, unitOf(in, res.Unit), res); err != nil {
			s.log.Error("写审计日志失败", "err", err, "action", "upload")
		}
		out[i] = uploadResult{Result: *res}
	}
	return out
}

func (s *Server) timeoutReason() string {
	return fmt.Sprintf("处理超时或已取消（限时 %s），本文件未导入，数据未作任何改动。请稍后重试，或拆分后上传", s.cfg.UploadTimeout)
}

// anyLoaded: some file of the upload was committed (an earlier one of
// several may be, before the deadline cut a later one off).
func anyLoaded(rs []uploadResult) bool {
	for _, r := range rs {
		if r.Status != ingest.StatusRefused && r.Status != ingest.StatusPreview {
			return true
		}
	}
	return false
}

func unitOf(in *ingest.Ingester, name string) int64 {
	if name == "" {
		return 0
	}
	if u, err := in.Reg.Resolve(name); err == nil {
		return u.ID
	}
	return 0
}

func uploadDetail(r *ingest.Result) string {
	kind := r.KindTitle
	if kind == "" {
		kind = r.Kind
	}
	s := fmt.Sprintf("%s：%s", r.File, statusTitle(r.Status))
	if kind != "" {
		s += "，" + kind
	}
	if r.Year != 0 {
		s += fmt.Sprintf("，%d年", r.Year)
	}
	if r.BatchID != 0 {
		s += fmt.Sprintf("，批次 %d，%d 行", r.BatchID, r.RowsLoaded)
	}
	if x := r.Replaces; x != nil && x.BatchID != 0 {
		verb := "替换"
		if r.Status == ingest.StatusPreview {
			verb = "将替换"
		}
		s += fmt.Sprintf("，%s第 %d 批次（%s，%d 行）为 %d 行", verb, x.BatchID, x.File, x.RowsBefore, x.RowsAfter)
	}
	if r.RowsRefused > 0 {
		s += fmt.Sprintf("，拒收 %d 行", r.RowsRefused)
	}
	if r.Status == ingest.StatusRefused && r.Reason != "" {
		s += "（" + r.Reason + "）"
	}
	return s
}

func statusTitle(st string) string {
	switch st {
	case ingest.StatusLoaded:
		return "已导入"
	case ingest.StatusPartial:
		return "部分导入"
	case ingest.StatusUnchanged:
		return "未改动（与已导入文件相同）"
	case ingest.StatusRefused:
		return "已拒收"
	case ingest.StatusPreview:
		return "待确认（部分导入，尚未导入）"
	}
	return st
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := randRead(b); err != nil {
		panic(err)
	}
	const hexdigits = "0123456789abcdef"
	out := make([]byte, 2*n)
	for i, c := range b {
		out[2*i], out[2*i+1] = hexdigits[c>>4], hexdigits[c&15]
	}
	return string(out)
}
