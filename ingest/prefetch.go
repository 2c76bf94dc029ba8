package ingest

// asyncRows reads a rowReader on a goroutine of its own, a block of rows
// ahead: parsing the text (and decoding GB18030) then overlaps with
// normalising, as the xlsx scanner already does with its own goroutine. The
// wrapped reader must hand out rows it does not reuse (the CSV reader with
// ReuseRecord off).
type asyncRows struct {
	blocks chan *rowBlock
	free   chan *rowBlock
	stop   chan struct{}
	done   chan struct{}
	inner  rowReader

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

func newAsyncRows(inner rowReader) *asyncRows {
	a := &asyncRows{
		blocks: make(chan *rowBlock, 8), free: make(chan *rowBlock, 10),
		stop: make(chan struct{}), done: make(chan struct{}), inner: inner,
	}
	go a.run()
	return a
}

func (a *asyncRows) run() {
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

func (a *asyncRows) Next() bool {
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

func (a *asyncRows) Row() []string { return a.cur.rows[a.i] }
func (a *asyncRows) RowNum() int   { return a.cur.nums[a.i] }
func (a *asyncRows) Err() error    { return a.err }

func (a *asyncRows) Close() error {
	close(a.stop)
	<-a.done
	return a.inner.Close()
}
