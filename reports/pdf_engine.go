package reports

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/structs"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// PDF text and rulings come from PDFium (the PDF engine of Chrome), built
// to WebAssembly and run by wazero inside this process: nothing is
// installed on the office's machine and no external program runs. PDFium
// decodes what pure-Go readers got wrong on our test files (Chromium's
// Type 3 fonts, LibreOffice's subset TrueType fonts; see the review's
// comparison), and a crash of its C code on a damaged file is a trap of
// the WebAssembly module, returned as an error, not a crash of gongkai.
//
// Compiling the module to machine code takes ~4 s, so one instance serves
// the whole process and the compiled code is cached on disk (the user's
// cache directory, as Go caches its builds): a later process starts it in
// ~0.3 s. An instance runs one document at a time.

var pdfEngine struct {
	mu     sync.Mutex
	pool   pdfium.Pool
	inst   pdfium.Pdfium
	cancel context.CancelFunc // stops the module, within a call too
}

// pdfTimeout bounds one document: a report reads in well under a second,
// and a crafted file must not hold the engine (and a review of a hundred
// files) for ever.
var pdfTimeout = 20 * time.Second

// pdfMemoryPages bounds the module's memory (64 KiB pages): 1 GiB, far
// beyond what a report of a few MB needs, so a crafted file fails instead
// of taking the machine's memory.
const pdfMemoryPages = 16384

// Bounds of what one PDF may hold before it is refused rather than read in
// part: a part could drop digits and make up a number.
const (
	maxPDFPages        = 300
	maxPDFCharsPerPage = 60000
	maxPDFSegsPerPage  = 10000
	maxPDFFormDepth    = 8
)

// pdfInstanceLocked returns the process's PDFium instance, starting it on
// first use; pdfEngine.mu must be held.
func pdfInstanceLocked() (pdfium.Pdfium, error) {
	if pdfEngine.inst != nil {
		return pdfEngine.inst, nil
	}
	if pdfEngine.pool == nil {
		rc := wazero.NewRuntimeConfig().
			WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			WithMemoryLimitPages(pdfMemoryPages).
			WithCloseOnContextDone(true)
		if dir, err := os.UserCacheDir(); err == nil {
			if cc, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "gongkai", "pdfium-wasm")); err == nil {
				rc = rc.WithCompilationCache(cc)
			}
		}
		ctx, cancel := context.WithCancel(context.Background())
		pool, err := webassembly.Init(webassembly.Config{
			Context: ctx,
			MinIdle: 1, MaxIdle: 1, MaxTotal: 1,
			// No file system: documents are handed over in memory.
			FSConfig:      wazero.NewFSConfig(),
			RuntimeConfig: rc,
			Stdout:        io.Discard,
			Stderr:        io.Discard,
		})
		if err != nil {
			cancel()
			return nil, fmt.Errorf("PDF读取组件启动失败: %w", err)
		}
		pdfEngine.pool, pdfEngine.cancel = pool, cancel
	}
	inst, err := pdfEngine.pool.GetInstance(time.Minute)
	if err != nil {
		return nil, fmt.Errorf("PDF读取组件启动失败: %w", err)
	}
	pdfEngine.inst = inst
	return inst, nil
}

// WarmPDF starts the PDF engine ahead of the first document, so that a
// command reading many files, or a server, pays its start-up once and
// early. It is safe to skip: the first PDF read starts it anyway.
func WarmPDF() error {
	pdfEngine.mu.Lock()
	defer pdfEngine.mu.Unlock()
	_, err := pdfInstanceLocked()
	return err
}

// pdfPage is one page as positioned text and rulings, in points with the
// origin at the page's top left and y growing downwards.
type pdfPage struct {
	w, h  float64
	chars []pdfChar
	segs  []pdfSeg
	// unmapped counts characters whose font gives no Unicode value.
	unmapped int
	// dropped: where text objects that PDFium left out of its text start
	// (top-left page space), in fonts the PDF does not embed; lost counts
	// their characters that could not be read from the file either.
	dropped []pdfPt
	lost    int
	// bare: the page shows text in a composite font the PDF does not
	// embed (or the file could not be read to tell), so its text objects
	// are checked for ones PDFium drops.
	bare bool
}

type pdfChar struct {
	r              rune
	x0, y0, x1, y1 float64
}

// pdfSeg is a horizontal (y0 == y1) or vertical (x0 == x1) ruling.
type pdfSeg struct {
	x0, y0, x1, y1 float64
}

func (s pdfSeg) horizontal() bool { return s.y0 == s.y1 }

type pdfPt struct{ x, y float64 }

var errPDFEncrypted = errors.New("PDF已加密")

// pdfExtract reads every page's characters and rulings.
func pdfExtract(data []byte) ([]pdfPage, error) {
	pdfEngine.mu.Lock()
	defer pdfEngine.mu.Unlock()
	inst, err := pdfInstanceLocked()
	if err != nil {
		return nil, err
	}
	var timedOut atomic.Bool
	stop := time.AfterFunc(pdfTimeout, func() {
		timedOut.Store(true)
		pdfEngine.cancel()
	})
	pages, err := pdfExtractWith(inst, data)
	stop.Stop()
	switch {
	case timedOut.Load():
		// The module was stopped mid-call: the whole engine goes, and the
		// next document starts it again (from the cached compiled code).
		pdfEngine.pool.Close()
		pdfEngine.pool, pdfEngine.inst, pdfEngine.cancel = nil, nil, nil
		return nil, fmt.Errorf("%w：处理超过%d秒仍未完成，文件可能已损坏或经过特殊构造", errPDFTooBig, int(pdfTimeout.Seconds()))
	case err != nil && !errors.Is(err, errPDFOpen) && !errors.Is(err, errPDFEncrypted) && !errors.Is(err, errPDFTooBig):
		// The module may be left in any state by a failure inside it: the
		// next document gets a fresh instance (the compiled code is kept).
		inst.Close()
		pdfEngine.inst = nil
	}
	return pages, err
}

var (
	errPDFOpen   = errors.New("PDF无法打开")
	errPDFTooBig = errors.New("PDF过大")
)

func pdfExtractWith(inst pdfium.Pdfium, data []byte) ([]pdfPage, error) {
	doc, err := inst.FPDF_LoadMemDocument(&requests.FPDF_LoadMemDocument{Data: &data})
	if err != nil {
		if errors.Is(err, pdfiumerrors.ErrPassword) {
			return nil, errPDFEncrypted
		}
		return nil, fmt.Errorf("%w: %v", errPDFOpen, err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	pc, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, err
	}
	if pc.PageCount > maxPDFPages {
		return nil, fmt.Errorf("%w：有%d页，超过年度报告的上限%d页", errPDFTooBig, pc.PageCount, maxPDFPages)
	}
	var out []pdfPage
	src := &pdfSource{data: data}
	for i := 0; i < pc.PageCount; i++ {
		p, err := pdfReadPage(inst, doc.Document, i, src)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// affine is a PDF matrix [a b c d e f]: x' = a·x + c·y + e, y' = b·x + d·y + f.
type affine struct{ a, b, c, d, e, f float64 }

var identity = affine{1, 0, 0, 1, 0, 0}

func fromMatrix(m structs.FPDF_FS_MATRIX) affine {
	return affine{float64(m.A), float64(m.B), float64(m.C), float64(m.D), float64(m.E), float64(m.F)}
}

// then applies m first, then n.
func (m affine) then(n affine) affine {
	return affine{
		m.a*n.a + m.b*n.c, m.a*n.b + m.b*n.d,
		m.c*n.a + m.d*n.c, m.c*n.b + m.d*n.d,
		m.e*n.a + m.f*n.c + n.e, m.e*n.b + m.f*n.d + n.f,
	}
}

func (m affine) apply(x, y float64) (float64, float64) {
	return m.a*x + m.c*y + m.e, m.b*x + m.d*y + m.f
}

// pdfSource is the file being read, opened by pdf_raw.go's reader when a
// page first needs it.
type pdfSource struct {
	data   []byte
	opened bool
	raw    *rawPDF
	pages  []map[string]any
}

func pdfReadPage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int, src *pdfSource) (pdfPage, error) {
	lp, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if err != nil {
		return pdfPage{}, err
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: lp.Page})
	ref := requests.Page{ByReference: &lp.Page}
	w, err := inst.FPDF_GetPageWidthF(&requests.FPDF_GetPageWidthF{Page: ref})
	if err != nil {
		return pdfPage{}, err
	}
	h, err := inst.FPDF_GetPageHeightF(&requests.FPDF_GetPageHeightF{Page: ref})
	if err != nil {
		return pdfPage{}, err
	}
	rot, err := inst.FPDFPage_GetRotation(&requests.FPDFPage_GetRotation{Page: ref})
	if err != nil {
		return pdfPage{}, err
	}
	page := pdfPage{w: float64(w.PageWidth), h: float64(h.PageHeight)}
	if !src.opened {
		src.opened = true
		if r, err := openRawPDF(src.data); err == nil {
			src.raw, src.pages = r, r.pages()
		}
	}
	page.bare = src.raw == nil || index >= len(src.pages) || src.raw.bareFonts(src.pages[index])
	// toTop maps PDF user space (y up) to the page as shown (y down),
	// turning a /Rotate page so that its text reads left to right. PDFium
	// gives the page's size as shown.
	pw, ph := page.w, page.h
	var toTop affine
	switch rot.PageRotation {
	case enums.FPDF_PAGE_ROTATION_90_CW:
		toTop = affine{0, 1, 1, 0, 0, 0}
	case enums.FPDF_PAGE_ROTATION_180_CW:
		toTop = affine{-1, 0, 0, 1, pw, 0}
	case enums.FPDF_PAGE_ROTATION_270_CW:
		toTop = affine{0, -1, -1, 0, pw, ph}
	default:
		toTop = affine{1, 0, 0, -1, 0, ph}
	}

	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: ref})
	if err != nil {
		return pdfPage{}, err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	cc, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return pdfPage{}, err
	}
	if cc.Count > maxPDFCharsPerPage {
		return pdfPage{}, fmt.Errorf("%w：第%d页有%d个字符，不是正常的年度报告", errPDFTooBig, index+1, cc.Count)
	}
	for i := 0; i < cc.Count; i++ {
		u, err := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp.TextPage, Index: i})
		if err != nil {
			return pdfPage{}, err
		}
		r := rune(u.Unicode)
		if r == 0 || r == 0xFFFE || r == 0xFFFD {
			page.unmapped++
			continue
		}
		if r < ' ' || r == ' ' || r == '\u00a0' || r == '\u3000' {
			// Spaces, generated or not, are put back from the gaps.
			continue
		}
		box, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: i})
		if err != nil {
			return pdfPage{}, err
		}
		x0, y0 := toTop.apply(float64(box.Rect.Left), float64(box.Rect.Top))
		x1, y1 := toTop.apply(float64(box.Rect.Right), float64(box.Rect.Bottom))
		page.chars = append(page.chars, pdfChar{r: r, x0: math.Min(x0, x1), y0: math.Min(y0, y1), x1: math.Max(x0, x1), y1: math.Max(y0, y1)})
	}

	n, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: ref})
	if err != nil {
		return pdfPage{}, err
	}
	for i := 0; i < n.Count; i++ {
		o, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: ref, Index: i})
		if err != nil {
			return pdfPage{}, err
		}
		if err := pdfObjectSegs(inst, o.PageObject, toTop, 0, &page); err != nil {
			return pdfPage{}, err
		}
	}
	if page.bare {
		readBare(src, index, toTop, &page)
	}
	return page, nil
}

// readBare reads, from the file itself (pdf_raw.go), the characters of
// the text objects PDFium left out: each dropped object is the show
// operator that starts where it does. It counts as lost what cannot be
// read: a dropped object not found or in codes nothing maps, and every
// code of a font that neither PDFium nor this reader can decode (PDFium
// then reports the codes themselves as characters, which would read as
// made-up text and numbers).
func readBare(src *pdfSource, index int, toTop affine, page *pdfPage) {
	var shows []rawShow
	if src.raw != nil && index < len(src.pages) {
		shows = src.raw.rawShows(src.pages[index], toTop)
	}
	used := make([]bool, len(shows))
	for _, sh := range shows {
		if !sh.pdfiumReads {
			page.lost += sh.lost
		}
	}
	for _, p := range page.dropped {
		best, bestD := -1, 1.0 // points
		for k, sh := range shows {
			if d := math.Hypot(sh.x-p.x, sh.y-p.y); !used[k] && d < bestD {
				best, bestD = k, d
			}
		}
		if best < 0 {
			page.lost++
			continue
		}
		used[best] = true
		if shows[best].pdfiumReads {
			page.lost += shows[best].lost
		}
		for _, c := range shows[best].chars {
			if c.r <= ' ' || c.r == '\u00a0' || c.r == '\u3000' {
				continue
			}
			page.chars = append(page.chars, c)
		}
	}
}

// pdfObjectSegs adds the rulings drawn by a page object: the straight
// horizontal and vertical pieces of its paths, and of the paths inside form
// XObjects. A thin filled rectangle (how Chromium and WPS draw a cell
// border) becomes the line along its middle.
func pdfObjectSegs(inst pdfium.Pdfium, obj references.FPDF_PAGEOBJECT, outer affine, depth int, page *pdfPage) error {
	t, err := inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj})
	if err != nil {
		return err
	}
	switch t.Type {
	case enums.FPDF_PAGEOBJ_FORM:
		if depth >= maxPDFFormDepth {
			return nil
		}
		inner, err := objSpace(inst, obj, outer)
		if err != nil {
			return err
		}
		n, err := inst.FPDFFormObj_CountObjects(&requests.FPDFFormObj_CountObjects{PageObject: obj})
		if err != nil {
			return err
		}
		for i := 0; i < n.Count; i++ {
			o, err := inst.FPDFFormObj_GetObject(&requests.FPDFFormObj_GetObject{PageObject: obj, Index: uint64(i)})
			if err != nil {
				return err
			}
			if err := pdfObjectSegs(inst, o.PageObject, inner, depth+1, page); err != nil {
				return err
			}
		}
		return nil
	case enums.FPDF_PAGEOBJ_TEXT:
		if !page.bare {
			return nil
		}
		return pdfDroppedText(inst, obj, outer, page)
	case enums.FPDF_PAGEOBJ_PATH:
	default:
		return nil
	}
	if depth == 0 {
		// Most rulings are one line or one thin rectangle: their bounds
		// (stroke width included) say all, in one call instead of four a
		// point. Bounds are in page space only for objects on the page.
		b, err := inst.FPDFPageObj_GetBounds(&requests.FPDFPageObj_GetBounds{PageObject: obj})
		if err != nil {
			return err
		}
		x0, y0 := outer.apply(float64(b.Left), float64(b.Bottom))
		x1, y1 := outer.apply(float64(b.Right), float64(b.Top))
		w, h := math.Abs(x1-x0), math.Abs(y1-y0)
		if w <= thinRule || h <= thinRule {
			if len(page.segs) >= maxPDFSegsPerPage {
				return fmt.Errorf("%w：一页中的线条超过%d条，不是正常的年度报告", errPDFTooBig, maxPDFSegsPerPage)
			}
			addThin(page, math.Min(x0, x1), math.Min(y0, y1), math.Max(x0, x1), math.Max(y0, y1))
			return nil
		}
	}
	tr, err := objSpace(inst, obj, outer)
	if err != nil {
		return err
	}
	n, err := inst.FPDFPath_CountSegments(&requests.FPDFPath_CountSegments{PageObject: obj})
	if err != nil {
		return err
	}
	if len(page.segs)+n.Count > maxPDFSegsPerPage {
		return fmt.Errorf("%w：一页中的线条超过%d条，不是正常的年度报告", errPDFTooBig, maxPDFSegsPerPage)
	}
	var sub []pdfPt // the current subpath, in page space
	flush := func() {
		pdfSubpathSegs(sub, page)
		sub = sub[:0]
	}
	for i := 0; i < n.Count; i++ {
		s, err := inst.FPDFPath_GetPathSegment(&requests.FPDFPath_GetPathSegment{PageObject: obj, Index: i})
		if err != nil {
			return err
		}
		st, err := inst.FPDFPathSegment_GetType(&requests.FPDFPathSegment_GetType{PathSegment: s.PathSegment})
		if err != nil {
			return err
		}
		p, err := inst.FPDFPathSegment_GetPoint(&requests.FPDFPathSegment_GetPoint{PathSegment: s.PathSegment})
		if err != nil {
			return err
		}
		x, y := tr.apply(float64(p.X), float64(p.Y))
		if st.Type == enums.FPDF_SEGMENT_MOVETO {
			flush()
		}
		if st.Type == enums.FPDF_SEGMENT_BEZIERTO {
			// A curve is no ruling; it ends the straight run.
			flush()
		}
		sub = append(sub, pdfPt{x, y})
		cl, err := inst.FPDFPathSegment_GetClose(&requests.FPDFPathSegment_GetClose{PathSegment: s.PathSegment})
		if err != nil {
			return err
		}
		if cl.IsClose && len(sub) > 0 {
			sub = append(sub, sub[0])
			flush()
		}
	}
	flush()
	return nil
}

// objSpace maps an object's own coordinates (a form's contents, a path's
// points) to page space: its matrix, then outer, the space it is in.
func objSpace(inst pdfium.Pdfium, obj references.FPDF_PAGEOBJECT, outer affine) (affine, error) {
	m, err := inst.FPDFPageObj_GetMatrix(&requests.FPDFPageObj_GetMatrix{PageObject: obj})
	if err != nil {
		return affine{}, err
	}
	return fromMatrix(m.Matrix).then(outer), nil
}

// pdfDroppedText notes a text object that PDFium's text leaves out: one
// zero wide by its glyphs' outlines, in a font not embedded (see
// pdf_raw.go). In an embedded font such an object's glyphs are empty:
// nothing shows, and nothing is read.
func pdfDroppedText(inst pdfium.Pdfium, obj references.FPDF_PAGEOBJECT, outer affine, page *pdfPage) error {
	b, err := inst.FPDFPageObj_GetBounds(&requests.FPDFPageObj_GetBounds{PageObject: obj})
	if err != nil {
		return err
	}
	if math.Abs(float64(b.Right-b.Left)) >= 0.01 {
		return nil
	}
	f, err := inst.FPDFTextObj_GetFont(&requests.FPDFTextObj_GetFont{PageObject: obj})
	if err != nil {
		return nil // no font: nothing shows
	}
	e, err := inst.FPDFFont_GetIsEmbedded(&requests.FPDFFont_GetIsEmbedded{Font: f.Font})
	if err != nil || e.IsEmbedded {
		return nil
	}
	if len(page.dropped) >= maxPDFCharsPerPage {
		return fmt.Errorf("%w：一页中的文字对象过多，不是正常的年度报告", errPDFTooBig)
	}
	x, y := outer.apply(float64(b.Left), float64(b.Bottom))
	page.dropped = append(page.dropped, pdfPt{x, y})
	return nil
}

// thinRule: a shape no wider (or taller) than this is a ruling.
const thinRule = 2.5

// addThin adds the ruling along the middle of a thin box; a dot is none.
func addThin(page *pdfPage, x0, y0, x1, y1 float64) {
	switch {
	case x1-x0 <= thinRule && y1-y0 <= thinRule:
	case y1-y0 <= thinRule:
		y := (y0 + y1) / 2
		page.segs = append(page.segs, pdfSeg{x0, y, x1, y})
	default:
		x := (x0 + x1) / 2
		page.segs = append(page.segs, pdfSeg{x, y0, x, y1})
	}
}

// pdfSubpathSegs turns one straight subpath into rulings: a thin
// axis-aligned rectangle is one line along its middle, any other polyline
// gives its horizontal and vertical pieces.
func pdfSubpathSegs(sub []pdfPt, page *pdfPage) {
	if len(sub) < 2 {
		return
	}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	axis := true
	for i, p := range sub {
		x0, y0, x1, y1 = math.Min(x0, p.x), math.Min(y0, p.y), math.Max(x1, p.x), math.Max(y1, p.y)
		if i > 0 {
			q := sub[i-1]
			if math.Abs(p.x-q.x) > 0.5 && math.Abs(p.y-q.y) > 0.5 {
				axis = false
			}
		}
	}
	if axis && len(sub) >= 4 && (x1-x0 <= thinRule || y1-y0 <= thinRule) {
		addThin(page, x0, y0, x1, y1)
		return
	}
	for i := 1; i < len(sub); i++ {
		p, q := sub[i-1], sub[i]
		switch {
		case math.Abs(p.y-q.y) <= 0.5 && math.Abs(p.x-q.x) > 0.5:
			y := (p.y + q.y) / 2
			page.segs = append(page.segs, pdfSeg{math.Min(p.x, q.x), y, math.Max(p.x, q.x), y})
		case math.Abs(p.x-q.x) <= 0.5 && math.Abs(p.y-q.y) > 0.5:
			x := (p.x + q.x) / 2
			page.segs = append(page.segs, pdfSeg{x, math.Min(p.y, q.y), x, math.Max(p.y, q.y)})
		}
	}
}
