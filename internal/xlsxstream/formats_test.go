package xlsxstream

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"gongkai"
)

// compoundFile writes a minimal OLE2 compound file (512-byte sectors: the
// header, one allocation table sector, one directory sector) whose
// directory holds the root and streams of the given names, empty.
func compoundFile(t *testing.T, path string, streams ...string) {
	t.Helper()
	le := binary.LittleEndian
	b := make([]byte, 3*512)
	copy(b, oleMagic)
	le.PutUint16(b[0x18:], 0x3E)
	le.PutUint16(b[0x1A:], 3)
	le.PutUint16(b[0x1C:], 0xFFFE)
	le.PutUint16(b[0x1E:], 9)
	le.PutUint16(b[0x20:], 6)
	le.PutUint32(b[0x2C:], 1)          // one allocation table sector
	le.PutUint32(b[0x30:], 1)          // the directory in sector 1
	le.PutUint32(b[0x38:], 4096)       // mini stream cutoff
	le.PutUint32(b[0x3C:], 0xFFFFFFFE) // no mini allocation table
	le.PutUint32(b[0x44:], 0xFFFFFFFE) // no DIFAT sectors
	for i := 0; i < 109; i++ {
		le.PutUint32(b[0x4C+4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(b[0x4C:], 0) // the allocation table in sector 0
	fat := b[512:1024]
	for i := 0; i < 128; i++ {
		le.PutUint32(fat[4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(fat[0:], 0xFFFFFFFD)
	le.PutUint32(fat[4:], 0xFFFFFFFE)
	dir := b[1024:]
	entry := func(i int, name string, typ byte) {
		e := dir[128*i : 128*(i+1)]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		le.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66] = typ
	}
	entry(0, "Root Entry", 5)
	for i, s := range streams {
		entry(i+1, s, 2)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestOtherFormatsRefused: an .xls, a WPS .et, an encrypted .xlsx, an
// .ods and other Office files are each refused for what they are, and an
// old workbook with how to save it as .xlsx in Excel and in WPS. The .xls,
// .et and .ods are county 2's, written by LibreOffice.
func TestOtherFormatsRefused(t *testing.T) {
	dir := t.TempDir()
	county2 := filepath.Join("..", "samples", "county2", "data", "formats")
	encrypted := filepath.Join(dir, "encrypted.xlsx")
	x := excelize.NewFile()
	x.SetCellValue("Sheet1", "A1", "申请编号")
	if err := x.SaveAs(encrypted, excelize.Options{Password: "123456"}); err != nil {
		t.Fatal(err)
	}
	x.Close()
	book := filepath.Join(dir, "excel95.xls")
	compoundFile(t, book, "Book")
	word := filepath.Join(dir, "通知.doc")
	compoundFile(t, word, "WordDocument", "1Table")
	other := filepath.Join(dir, "other.bin")
	compoundFile(t, other, "Contents")
	const xls = "不支持旧版 Excel 97-2003（.xls）或 WPS 表格（.et）格式：" + saveAsXLSX
	for _, c := range []struct {
		path, code, want string
	}{
		{filepath.Join(county2, "杏林乡2024年回应关切台账.xls"), gongkai.EFORMAT, xls},
		{filepath.Join(county2, "杏林乡2024年回应关切台账.et"), gongkai.EFORMAT, xls},
		{filepath.Join(county2, "松山镇2024年公众参与台账.ods"), gongkai.EFORMAT, "不支持 OpenDocument 电子表格（.ods）格式：请用 WPS 打开后选“文件→另存为”，文件类型选“Microsoft Excel 文件(*.xlsx)”；或用 LibreOffice 打开后选“文件→另存为”，文件类型选“Excel 2007-365 (.xlsx)”，保存后上传 .xlsx 文件"},
		{encrypted, gongkai.EENCRYPTED, "文件设置了打开密码（已加密），无法读取：请用 Excel 打开后选“文件→信息→保护工作簿→用密码进行加密”，删除密码后保存；或用 WPS 打开后选“文件→文档加密→密码加密”，删除打开密码后保存，再上传"},
		{book, gongkai.EFORMAT, "不支持旧版 Excel 5.0/95（.xls）格式：" + saveAsXLSX},
		{word, gongkai.EFORMAT, "不是 Excel 或 CSV 文件（是 Word 文档），请上传 .xlsx 或 .csv"},
		{other, gongkai.EFORMAT, "不是 Excel 或 CSV 文件（是其他 Office 文档），请上传 .xlsx 或 .csv"},
		// OLE2's signature and nothing after: what it is cannot be told.
		{ingestTD("encrypted.xlsx"), gongkai.EFORMAT, "文件已加密，或是旧版 Excel 97-2003（.xls）格式：请取消密码并另存为 .xlsx 后上传"},
	} {
		_, err := openPath(context.Background(), c.path, testOpt)
		if gongkai.ErrorCode(err) != c.code || reasonOf(err) != c.want {
			t.Errorf("%s: %s %v\nwant %s %s", filepath.Base(c.path), gongkai.ErrorCode(err), err, c.code, c.want)
		}
	}
}
