package charts

import "testing"

func TestNamer(t *testing.T) {
	names := []string{
		"平安县人民政府", "平安县人民政府办公室", "平安县城关镇人民政府", "平安县东城街道办事处",
		"平安县财政局", "平安县科学技术和工业信息化局", "平安县地方金融监督管理局",
		"财政局", // collides with 平安县财政局 once abbreviated
		"<script>alert(1)</script>",
	}
	n := NewNamer(names)
	if n.County != "平安县" {
		t.Fatalf("county %q", n.County)
	}
	for full, want := range map[string]string{
		"平安县人民政府":                   "平安县",
		"平安县人民政府办公室":                "人民政府办公室",
		"平安县城关镇人民政府":                "城关镇",
		"平安县东城街道办事处":                "东城街道",
		"平安县财政局":                    "平安县财政局",
		"财政局":                       "财政局",
		"平安县科学技术和工业信息化局":            "科学技术和工业信息化局",
		"平安县地方金融监督管理局":              "地方金融监督管理局",
		"<script>alert(1)</script>": "<script>ale…",
		"平安县青石镇人民政府":                "青石镇", // not in the list: same rules
	} {
		if got := n.Short(full); got != want {
			t.Errorf("Short(%q) = %q, want %q", full, got, want)
		}
	}
	// Deterministic whatever the input order.
	rev := make([]string, len(names))
	for i, s := range names {
		rev[len(names)-1-i] = s
	}
	m := NewNamer(rev)
	for _, s := range names {
		if m.Short(s) != n.Short(s) {
			t.Errorf("%s: %q vs %q", s, m.Short(s), n.Short(s))
		}
	}
	// No common county prefix: names are kept (cut to MaxShort).
	o := NewNamer([]string{"甲县财政局", "乙县财政局", "丙区教育局"})
	if o.County != "" || o.Short("甲县财政局") != "甲县财政局" {
		t.Errorf("county %q, short %q", o.County, o.Short("甲县财政局"))
	}
}

func TestIDOrder(t *testing.T) {
	if !idLess("2.9", "2.10") || idLess("2.10", "2.9") || !idLess("1", "1.1") || !idLess("1.2", "2") {
		t.Error("idLess")
	}
}
