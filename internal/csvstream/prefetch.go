package csvstream

// Rows are a file's records, read on a goroutine of its own a block of
// records ahead: parsing the text (and decoding GB18030) then overlaps with
// the caller's work on them, as the xlsx scanner does with its own
// goroutine. The records read must not be reused by the reader (csvReader
// cuts each from blocks of its own).
type Rows struct {
	blocks chan *rowBlock
	free   chan *rowBlock
	stop   chan struct{}
	done   chan struct{}
	inner  *records

	cur *rowBlock
	i   int
	err error
}

type rowBlock struct {
	rows [][]string
	nums []int
	err  error // set on the last block when the reader failed
}

const asyncBlockRows = 512

func newRows(inner *records) *Rows {
	a := &Rows{
		blocks: make(chan *rowBlock, 8), free: make(chan *rowBlock, 10),
		stop: make(chan struct{}), done: make(chan struct{}), inner: inner,
	}
	go a.run()
	return a
}

func (a *Rows) run() {
	defer close(a.done)
	defer close(a.blocks)
	newBlock := func() *rowBlock {
		select {
		case b := <-a.free:
			b.rows, b.nums = b.rows[:0], b.nums[:0]
			return b
		default:
			return &rowBlock{rows: make([][]string, 0, asyncBlockRows), nums: make([]int, 0, asyncBlockRows)}
		}
	}
	b := newBlock()
	for a.inner.Next() {
		b.rows = append(b.rows, a.inner.Row())
		b.nums = append(b.nums, a.inner.RowNum())
		if len(b.rows) == asyncBlockRows {
			select {
			case a.blocks <- b:
			case <-a.stop:
				return
			}
			b = newBlock()
		}
	}
	b.err = a.inner.Err()
	select {
	case a.blocks <- b:
	case <-a.stop:
	}
}

// Next moves to the next record: false at the end or on an error (Err).
func (a *Rows) Next() bool {
	for a.cur == nil || a.i+1 >= len(a.cur.rows) {
		if a.cur != nil {
			if a.cur.err != nil {
				a.err = a.cur.err
				return false
			}
			select {
			case a.free <- a.cur:
			default:
			}
		}
		b, ok := <-a.blocks
		if !ok {
			a.cur = nil
			return false
		}
		a.cur, a.i = b, -1
		if len(b.rows) == 0 && b.err != nil {
			a.err = b.err
			return false
		}
	}
	a.i++
	return true
}

// Row is the current record's fields, RowNum the row a spreadsheet shows for
// it (1-based: its first line, less the line breaks inside quoted cells
// before it).
func (a *Rows) Row() []string { return a.cur.rows[a.i] }
func (a *Rows) RowNum() int   { return a.cur.nums[a.i] }

// Err is why the records ended early: a refusal (unbalanced quotes, a read
// error), else nil.
func (a *Rows) Err() error { return a.err }

// Close stops the reading goroutine and closes the file.
func (a *Rows) Close() error {
	close(a.stop)
	<-a.done
	return a.inner.Close()
}
