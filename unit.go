package gongkai

// Unit is one entry of the unit registry (单位名录).
type Unit struct {
	ID       int64
	Name     string
	Code     string // 统一社会信用代码, may be empty
	Type     string
	Group    string // 考核分组
	ParentID int64
	Aliases  []string
}
