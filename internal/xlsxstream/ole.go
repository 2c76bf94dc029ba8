package xlsxstream

// OLE2 compound files (the "Compound File Binary" format): an old Excel
// workbook (.xls; WPS's .et is the same BIFF8 inside), an .xlsx encrypted
// with a password (its package inside, beside EncryptionInfo), an old Word
// or PowerPoint file. Which one is told by the names of the streams in the
// file's directory, read here without a reader of the formats themselves.

import (
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"unicode/utf16"

	"gongkai"
)

// How a clerk saves a workbook as .xlsx, in Excel and in WPS.
const saveAsXLSX = "请用 Excel 打开后选“文件→另存为”，保存类型选“Excel 工作簿(*.xlsx)”；或用 WPS 打开后选“文件→另存为”，文件类型选“Microsoft Excel 文件(*.xlsx)”，保存后上传 .xlsx 文件"

// oleRefusal is the refusal of an OLE2 file, as exact as its directory
// allows.
func oleRefusal(path string) error {
	names, err := oleStreams(path)
	if err != nil {
		// Not even the directory reads: say what it most likely is.
		return gongkai.Errorf(gongkai.EFORMAT, "文件已加密，或是旧版 Excel 97-2003（.xls）格式：请取消密码并另存为 .xlsx 后上传")
	}
	switch {
	case names["encryptioninfo"] && names["encryptedpackage"]:
		return gongkai.Errorf(gongkai.EENCRYPTED, "文件设置了打开密码（已加密），无法读取：请用 Excel 打开后选“文件→信息→保护工作簿→用密码进行加密”，删除密码后保存；或用 WPS 打开后选“文件→文档加密→密码加密”，删除打开密码后保存，再上传")
	case names["workbook"]:
		return gongkai.Errorf(gongkai.EFORMAT, "不支持旧版 Excel 97-2003（.xls）或 WPS 表格（.et）格式：%s", saveAsXLSX)
	case names["book"]:
		return gongkai.Errorf(gongkai.EFORMAT, "不支持旧版 Excel 5.0/95（.xls）格式：%s", saveAsXLSX)
	case names["worddocument"]:
		return gongkai.Errorf(gongkai.EFORMAT, "不是 Excel 或 CSV 文件（是 Word 文档），请上传 .xlsx 或 .csv")
	case names["powerpoint document"]:
		return gongkai.Errorf(gongkai.EFORMAT, "不是 Excel 或 CSV 文件（是 PowerPoint 演示文稿），请上传 .xlsx 或 .csv")
	}
	return gongkai.Errorf(gongkai.EFORMAT, "不是 Excel 或 CSV 文件（是其他 Office 文档），请上传 .xlsx 或 .csv")
}

// Special sector numbers of the allocation table.
const (
	oleMaxRegSect = 0xFFFFFFFA
	oleEndOfChain = 0xFFFFFFFE
)

// oleStreams reads the names (lower case) of the storages and streams in
// the directory of the compound file at path. It reads the header, the
// allocation table sectors the directory's chain needs and the directory
// itself; every chain is bounded by the file's size, so a cycle or a wild
// sector number is an error, not a loop.
func oleStreams(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	hdr := make([]byte, 512)
	if _, err := f.ReadAt(hdr, 0); err != nil {
		return nil, err
	}
	le := binary.LittleEndian
	if string(hdr[:8]) != string(oleMagic) || le.Uint16(hdr[0x1C:]) != 0xFFFE {
		return nil, errOLE
	}
	shift := le.Uint16(hdr[0x1E:])
	if shift != 9 && shift != 12 {
		return nil, errOLE
	}
	size := int64(1) << shift
	sectors := st.Size()/size - 1 // after the header's sector
	if sectors <= 0 || sectors > 1<<31 {
		return nil, errOLE
	}
	read := func(sect uint32) ([]byte, error) {
		if int64(sect) >= sectors {
			return nil, errOLE
		}
		b := make([]byte, size)
		if _, err := f.ReadAt(b, (int64(sect)+1)*size); err != nil {
			return nil, err
		}
		return b, nil
	}
	// The allocation table's sectors: 109 in the header, then the DIFAT chain.
	nFAT := int64(le.Uint32(hdr[0x2C:]))
	if nFAT > sectors {
		return nil, errOLE
	}
	var fat []uint32
	for i := 0; i < 109 && int64(len(fat)) < nFAT; i++ {
		fat = append(fat, le.Uint32(hdr[0x4C+4*i:]))
	}
	for next, n := le.Uint32(hdr[0x44:]), int64(0); int64(len(fat)) < nFAT && next <= oleMaxRegSect; n++ {
		if n > sectors {
			return nil, errOLE
		}
		b, err := read(next)
		if err != nil {
			return nil, err
		}
		per := int(size/4) - 1
		for i := 0; i < per && int64(len(fat)) < nFAT; i++ {
			fat = append(fat, le.Uint32(b[4*i:]))
		}
		next = le.Uint32(b[4*per:])
	}
	perFAT := uint32(size / 4)
	cache := map[uint32][]byte{}
	nextSect := func(sect uint32) (uint32, error) {
		i := sect / perFAT
		if int(i) >= len(fat) {
			return 0, errOLE
		}
		b, ok := cache[i]
		if !ok {
			var err error
			if b, err = read(fat[i]); err != nil {
				return 0, err
			}
			cache[i] = b
		}
		return le.Uint32(b[4*(sect%perFAT):]), nil
	}
	names := map[string]bool{}
	sect := le.Uint32(hdr[0x30:])
	for n := int64(0); sect != oleEndOfChain; n++ {
		if n > sectors || sect > oleMaxRegSect {
			return nil, errOLE
		}
		b, err := read(sect)
		if err != nil {
			return nil, err
		}
		for e := 0; e+128 <= len(b); e += 128 {
			ent := b[e : e+128]
			typ := ent[66]
			nameLen := int(le.Uint16(ent[64:]))
			if typ == 0 || nameLen < 2 || nameLen > 64 || nameLen%2 != 0 {
				continue
			}
			u := make([]uint16, nameLen/2-1) // without the terminating NUL
			for i := range u {
				u[i] = le.Uint16(ent[2*i:])
			}
			names[strings.ToLower(string(utf16.Decode(u)))] = true
		}
		if sect, err = nextSect(sect); err != nil {
			return nil, err
		}
	}
	return names, nil
}

// errOLE: the file is not a compound file its header says it is.
var errOLE = errors.New("not a readable compound file")
