package sim

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"runtime"
	"unsafe"
)

// Checkpoints (issue 21): a long trial can be saved part way and taken up
// again, by the same program on the same kind of machine, as after a
// Slurm requeue on a preemptible node; the trial then records exactly
// what it would have without the stop (TestCheckpointResume).
//
// A checkpoint holds what the months change: the parameters in force
// (events change them), the districts with their random streams, the
// units, settlements and citizens, the migration stream, the elections
// held and what has been recorded. What a month never changes (the
// network, adjacency, migration candidates) is generated again from the
// trial's parameters and seed, which the checkpoint identifies by a hash.

// checkpointMagic begins every checkpoint, with the format's version.
const checkpointMagic = "decentsim trial checkpoint 1\n"

// paramsHash identifies a trial's parameters, events aside (they are
// given again at resumption).
func paramsHash(p *Params) [32]byte {
	q := *p
	q.Events = nil
	return sha256.Sum256(fmt.Appendf(nil, "%#v", q))
}

// Checkpoint writes the trial as it stands after its last month, for
// ResumeTrial, to out; p are the parameters it was started with.
func (t *TrialRun) Checkpoint(out io.Writer, p *Params) error {
	bw := bufio.NewWriterSize(out, 1<<20)
	e := &stateEncoder{w: bw}
	e.header(checkpointMagic)
	h := paramsHash(p)
	e.raw(h[:])
	e.int(t.res.Trial)
	e.u64(t.res.Seed)
	e.int(len(t.res.Months))
	params := t.w.Params
	params.Events = nil
	for _, v := range t.state(&params) {
		e.value(reflect.ValueOf(v).Elem())
	}
	done := t.res.Months[:max(t.w.Month, 0)]
	e.value(reflect.ValueOf(&done).Elem())
	if e.err != nil {
		return e.err
	}
	return bw.Flush()
}

// state is what a checkpoint holds of t after its header, in order, with
// params in place of the world's parameters: Checkpoint writes it and
// ResumeTrial reads it back.
func (t *TrialRun) state(params *Params) []any {
	w := t.w
	return []any{params, &w.Oblasts, &w.Districts, &w.Units, &w.Localities, &w.Citizens.Blocks,
		&w.Citizens.Edu, &w.Citizens.Income, &w.Month, w.migPCG, &w.migCum, &w.migTotal, &w.mode, &w.rounding,
		&t.all, &t.rec, &t.res.Elections, &t.res.Events, &t.units}
}

// ResumeTrial reads a checkpoint that Checkpoint wrote for a trial with
// parameters p (their events may differ only from the checkpoint's month
// on) and returns the trial, ready to run its next month. opt is as for
// RunTrialWith.
func ResumeTrial(in io.Reader, p *Params, opt *TrialOptions) (*TrialRun, error) {
	d := &stateDecoder{r: bufio.NewReaderSize(in, 1<<20)}
	if err := d.header(checkpointMagic, "checkpoint", "resumed"); err != nil {
		return nil, err
	}
	var h [32]byte
	d.raw(h[:])
	if d.err == nil && h != paramsHash(p) {
		return nil, errors.New("sim: the checkpoint is of a trial with other parameters")
	}
	trial, seed, months := d.int(), d.u64(), d.int()
	if d.err != nil {
		return nil, fmt.Errorf("sim: reading a checkpoint: %w", d.err)
	}
	w, err := newWorld(p, seed, 1)
	if err != nil {
		return nil, err
	}
	t := &TrialRun{w: w, res: &TrialResult{Trial: trial, Seed: seed, Months: make([]Record, months), Scheduled: scheduledLabels(p)}}
	for _, v := range t.state(&w.Params) {
		d.value(reflect.ValueOf(v).Elem())
	}
	t.res.Units = t.units
	if d.err == nil && (w.Month < 0 || w.Month > months) {
		d.err = fmt.Errorf("month %d of a trial of %d", w.Month, months)
	}
	var done []Record
	d.value(reflect.ValueOf(&done).Elem())
	if d.err == nil && len(done) != w.Month {
		d.err = fmt.Errorf("%d months recorded at month %d", len(done), w.Month)
	}
	copy(t.res.Months, done)
	if d.err != nil {
		return nil, fmt.Errorf("sim: reading a checkpoint: %w", d.err)
	}
	w.Params.Events = append(w.Params.Events[:0], p.Events...)
	for i := range w.Districts {
		w.Districts[i].rng = rand.New(w.Districts[i].pcg)
	}
	w.migRng = rand.New(w.migPCG)
	for _, pa := range p.Parties {
		t.res.Parties = append(t.res.Parties, pa.Name)
	}
	t.setOptions(opt)
	return t, nil
}

// WriteResult writes a trial's result for ReadResult, as a checkpoint
// holds its state (the same program on the same architecture), every
// field included.
func WriteResult(out io.Writer, res *TrialResult) error {
	bw := bufio.NewWriter(out)
	e := &stateEncoder{w: bw}
	e.header(resultMagic)
	e.value(reflect.ValueOf(res).Elem())
	if e.err != nil {
		return e.err
	}
	return bw.Flush()
}

// ReadResult reads a result that WriteResult wrote.
func ReadResult(in io.Reader) (*TrialResult, error) {
	d := &stateDecoder{r: bufio.NewReader(in)}
	if err := d.header(resultMagic, "result", "read"); err != nil {
		return nil, err
	}
	res := &TrialResult{}
	d.value(reflect.ValueOf(res).Elem())
	if d.err != nil {
		return nil, fmt.Errorf("sim: reading a trial result: %w", d.err)
	}
	return res, nil
}

// resultMagic begins every file WriteResult writes.
const resultMagic = "decentsim trial result 1\n"

// stateEncoder writes the values of the world's state, field by field,
// unexported fields included; slices of plain types (no pointers,
// slices or strings) as their bytes, in the machine's byte order.
type stateEncoder struct {
	w   *bufio.Writer
	err error
}

func (e *stateEncoder) raw(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *stateEncoder) int(n int) { e.u64(uint64(n)) }

func (e *stateEncoder) u64(n uint64) { e.raw(binary.LittleEndian.AppendUint64(nil, n)) }

func (e *stateEncoder) str(s string) {
	e.int(len(s))
	e.raw([]byte(s))
}

// pcgType and randType are the random streams' types: a PCG's state is
// its binary form, a rand.Rand is rebuilt over its PCG.
var (
	pcgType  = reflect.TypeFor[*rand.PCG]()
	randType = reflect.TypeFor[*rand.Rand]()
)

func (e *stateEncoder) value(v reflect.Value) {
	t := v.Type()
	switch {
	case plain(t):
		e.raw(unsafe.Slice((*byte)(unsafe.Pointer(v.UnsafeAddr())), t.Size()))
	case t == pcgType:
		b, err := v.Interface().(*rand.PCG).MarshalBinary()
		if err != nil && e.err == nil {
			e.err = err
		}
		e.int(len(b))
		e.raw(b)
	case t == randType:
	case t.Kind() == reflect.Pointer:
		if v.IsNil() {
			e.int(0)
			return
		}
		e.int(1)
		e.value(v.Elem())
	case t.Kind() == reflect.String:
		e.str(v.String())
	case t.Kind() == reflect.Slice:
		// Its length plus 1, or 0 for nil: some state tells nil from empty.
		if v.IsNil() {
			e.int(0)
			return
		}
		e.int(v.Len() + 1)
		if plain(t.Elem()) {
			if v.Len() > 0 {
				e.raw(unsafe.Slice((*byte)(v.UnsafePointer()), uintptr(v.Len())*t.Elem().Size()))
			}
			return
		}
		for i := range v.Len() {
			e.value(v.Index(i))
		}
	case t.Kind() == reflect.Array, t.Kind() == reflect.Struct:
		parts(v, e.value)
	default:
		panic(fmt.Sprintf("sim: a checkpoint cannot hold a %s", t)) // a new kind of state: teach the codec
	}
}

// header writes magic and the architecture, which the decoder's header
// checks.
func (e *stateEncoder) header(magic string) {
	e.raw([]byte(magic))
	e.str(runtime.GOARCH)
}

// stateDecoder reads what stateEncoder wrote into values of the same
// types.
type stateDecoder struct {
	r   *bufio.Reader
	err error
}

func (d *stateDecoder) raw(b []byte) {
	if d.err == nil {
		_, d.err = io.ReadFull(d.r, b)
	}
}

// maxCheckpointLen bounds a length read, so that a damaged file fails
// instead of asking for all memory.
const maxCheckpointLen = 1 << 40

func (d *stateDecoder) u64() uint64 {
	var b [8]byte
	d.raw(b[:])
	return binary.LittleEndian.Uint64(b[:])
}

func (d *stateDecoder) int() int {
	n := d.u64()
	if d.err == nil && n > maxCheckpointLen {
		d.err = errors.New("a length out of range: the file is damaged")
		return 0
	}
	return int(n)
}

func (d *stateDecoder) str() string {
	b := make([]byte, d.int())
	d.raw(b)
	return string(b)
}

// header reads what the encoder's header wrote and refuses a file that
// is not a trial kind ("checkpoint", "result") of this program, or was
// written on another architecture (verb: what cannot be done with it
// here).
func (d *stateDecoder) header(magic, kind, verb string) error {
	b := make([]byte, len(magic))
	d.raw(b)
	if d.err != nil || string(b) != magic {
		return fmt.Errorf("sim: not a trial %s of this program", kind)
	}
	if arch := d.str(); arch != runtime.GOARCH {
		return fmt.Errorf("sim: a %s written on %s cannot be %s on %s", kind, arch, verb, runtime.GOARCH)
	}
	return nil
}

func (d *stateDecoder) value(v reflect.Value) {
	t := v.Type()
	switch {
	case d.err != nil:
	case plain(t):
		d.raw(unsafe.Slice((*byte)(unsafe.Pointer(v.UnsafeAddr())), t.Size()))
	case t == pcgType:
		b := make([]byte, d.int())
		d.raw(b)
		pcg := new(rand.PCG)
		if d.err == nil {
			d.err = pcg.UnmarshalBinary(b)
		}
		v.Set(reflect.ValueOf(pcg))
	case t == randType:
	case t.Kind() == reflect.Pointer:
		if d.int() == 0 {
			v.SetZero()
			return
		}
		v.Set(reflect.New(t.Elem()))
		d.value(v.Elem())
	case t.Kind() == reflect.String:
		v.SetString(d.str())
	case t.Kind() == reflect.Slice:
		n := d.int() - 1
		if d.err != nil || n < 0 {
			v.SetZero()
			return
		}
		v.Set(reflect.MakeSlice(t, n, n))
		if plain(t.Elem()) {
			if n > 0 {
				d.raw(unsafe.Slice((*byte)(v.UnsafePointer()), uintptr(n)*t.Elem().Size()))
			}
			return
		}
		for i := range n {
			d.value(v.Index(i))
		}
	case t.Kind() == reflect.Array, t.Kind() == reflect.Struct:
		parts(v, d.value)
	default:
		panic(fmt.Sprintf("sim: a checkpoint cannot hold a %s", t))
	}
}

// parts calls f with each element of array v, or each field of struct v
// (settable), in order.
func parts(v reflect.Value, f func(reflect.Value)) {
	if v.Kind() == reflect.Array {
		for i := range v.Len() {
			f(v.Index(i))
		}
		return
	}
	for i := range v.NumField() {
		f(settable(v.Field(i)))
	}
}

// settable returns field f of an addressable struct as a value that can
// be read and set, exported or not (the state is this package's own).
func settable(f reflect.Value) reflect.Value {
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
}

// plain reports whether values of type t are bytes alone: no pointers,
// slices, strings, maps or interfaces, so that their memory is their
// value.
func plain(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return true
	case reflect.Array:
		return plain(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !plain(t.Field(i).Type) {
				return false
			}
		}
		return true
	}
	return false
}
