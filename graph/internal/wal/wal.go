// Package wal is the embedded store's file format: an append-only sequence
// of CRC-checked frames, each holding one or more records, with group commit
// for writers and a scan that tells a torn tail from a damaged middle.
//
// A frame is a 16-byte header — magic, payload length, CRC-32C of the
// payload, CRC-32C of the first 12 header bytes — then the payload, a run of
// records each prefixed by its uvarint length. A writer puts each commit
// group in one frame, written with one write and made durable with one
// fdatasync before the next frame starts. So after a crash only the last
// frame can be incomplete, and nothing after it can be valid: a bad frame
// followed by a valid one is damage, not a crash, and Scan refuses it
// instead of silently dropping the acknowledged records after it.
//
// The same frames hold the snapshots (written whole, then renamed), so one
// reader checks both.
package wal

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// HeaderSize is the size of a frame header.
const HeaderSize = 16

// MaxFrame bounds a frame's payload. A header claiming more is damaged;
// writers split larger groups.
const MaxFrame = 256 << 20

var magic = [4]byte{'p', 'g', 'w', '1'}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrCorrupt is wrapped by Scan's error when a frame is damaged but valid
// frames follow it, or a record inside a valid frame is malformed.
var ErrCorrupt = errors.New("damaged log")

// ErrClosed is returned by a closed Writer.
var ErrClosed = errors.New("log is closed")

func putHeader(h []byte, payload []byte) {
	copy(h[0:4], magic[:])
	binary.LittleEndian.PutUint32(h[4:8], uint32(len(payload)))
	binary.LittleEndian.PutUint32(h[8:12], crc32.Checksum(payload, castagnoli))
	binary.LittleEndian.PutUint32(h[12:16], crc32.Checksum(h[0:12], castagnoli))
}

// parseHeader returns the payload length and CRC, or ok false when the
// header is not one this package wrote.
func parseHeader(h []byte) (n uint32, sum uint32, ok bool) {
	if !bytes.Equal(h[0:4], magic[:]) || binary.LittleEndian.Uint32(h[12:16]) != crc32.Checksum(h[0:12], castagnoli) {
		return 0, 0, false
	}
	n = binary.LittleEndian.Uint32(h[4:8])
	return n, binary.LittleEndian.Uint32(h[8:12]), n <= MaxFrame
}

// appendRecord appends rec with its length prefix.
func appendRecord(buf, rec []byte) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(rec)))
	return append(buf, rec...)
}

// Result is what Scan found.
type Result struct {
	// Valid is the length of the intact prefix: where a writer appends.
	Valid int64
	// Torn reports that bytes after Valid were dropped: an incomplete last
	// frame, what a crash during a write leaves.
	Torn bool
	// Frames and Records count what was read.
	Frames, Records int
}

// Scan reads the frames of r (size bytes) in order and calls fn with every
// record; the slice is valid only during the call. It stops at a torn tail
// and reports it; a damaged frame with valid frames after it, or a
// malformed record, gives an error wrapping ErrCorrupt that names the
// offset. An error from fn is returned as it is.
func Scan(r io.ReaderAt, size int64, fn func(rec []byte) error) (Result, error) {
	var res Result
	var h [HeaderSize]byte
	var payload []byte
	for off := int64(0); off < size; {
		if size-off < HeaderSize {
			return torn(r, size, off, res)
		}
		if _, err := r.ReadAt(h[:], off); err != nil {
			return res, fmt.Errorf("read frame at offset %d: %w", off, err)
		}
		n, sum, ok := parseHeader(h[:])
		if !ok {
			return torn(r, size, off, res)
		}
		end := off + HeaderSize + int64(n)
		if end > size {
			// A header written before its payload reached the disk.
			return torn(r, size, off, res)
		}
		if cap(payload) < int(n) {
			payload = make([]byte, n)
		}
		payload = payload[:n]
		if _, err := r.ReadAt(payload, off+HeaderSize); err != nil {
			return res, fmt.Errorf("read frame at offset %d: %w", off, err)
		}
		if crc32.Checksum(payload, castagnoli) != sum {
			return torn(r, size, off, res)
		}
		for p := payload; len(p) > 0; {
			l, k := binary.Uvarint(p)
			if k <= 0 || l > uint64(len(p)-k) {
				return res, fmt.Errorf("%w: malformed record in the frame at offset %d", ErrCorrupt, off)
			}
			if err := fn(p[k : k+int(l)]); err != nil {
				return res, err
			}
			res.Records++
			p = p[k+int(l):]
		}
		res.Frames++
		off = end
		res.Valid = off
	}
	return res, nil
}

// torn decides what the bad frame at off is: the tail a crash left when
// nothing valid follows it, damage otherwise.
func torn(r io.ReaderAt, size, off int64, res Result) (Result, error) {
	if next, ok := findFrame(r, size, off+1); ok {
		return res, fmt.Errorf("%w: the frame at offset %d is damaged but a valid frame follows at offset %d, so this is not a crash's torn tail and the records after it cannot be replayed in order", ErrCorrupt, off, next)
	}
	res.Torn = true
	return res, nil
}

// findFrame looks for a complete, valid frame starting at or after from.
// It runs only on damage, so reading the rest of the file is affordable.
func findFrame(r io.ReaderAt, size, from int64) (int64, bool) {
	if from >= size {
		return 0, false
	}
	rest := make([]byte, size-from)
	if _, err := r.ReadAt(rest, from); err != nil && !errors.Is(err, io.EOF) {
		return 0, false
	}
	for i := 0; ; {
		j := bytes.Index(rest[i:], magic[:])
		if j < 0 {
			return 0, false
		}
		i += j
		if len(rest)-i >= HeaderSize {
			if n, sum, ok := parseHeader(rest[i : i+HeaderSize]); ok && int64(i)+HeaderSize+int64(n) <= int64(len(rest)) &&
				crc32.Checksum(rest[i+HeaderSize:i+HeaderSize+int(n)], castagnoli) == sum {
				return from + int64(i), true
			}
		}
		i++
	}
}

// ScanFile scans the file at path; see Scan.
func ScanFile(f *os.File, fn func(rec []byte) error) (Result, error) {
	info, err := f.Stat()
	if err != nil {
		return Result{}, err
	}
	return Scan(f, info.Size(), fn)
}

// Writer appends records to a log file with group commit: Add queues a
// record and returns its ticket, Wait returns once the record is on disk.
// Records queued while a frame is being synced go together in the next
// frame, so concurrent writers share one fdatasync.
type Writer struct {
	f    *os.File
	path string

	mu       sync.Mutex
	cond     *sync.Cond
	pending  []byte // HeaderSize bytes of room, then the queued records
	queued   uint64 // tickets handed out
	durable  uint64 // tickets on disk
	flushing bool
	size     int64 // bytes in the file, all of them synced
	err      error // sticky: after a failed write nothing more is accepted
	closed   bool
}

// Create makes a new, empty log file (it must not exist) and syncs its
// directory entry.
func Create(path string) (*Writer, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	if err := SyncDir(filepath.Dir(path)); err != nil {
		f.Close()
		return nil, err
	}
	return newWriter(f, path, 0), nil
}

// OpenAppend opens an existing log for appending after its first valid
// bytes (Scan's Result.Valid), cutting off a torn tail durably first.
func OpenAppend(path string, valid int64) (*Writer, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if info.Size() != valid {
		if err := f.Truncate(valid); err != nil {
			f.Close()
			return nil, fmt.Errorf("cut the torn tail of %s: %w", path, err)
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, fmt.Errorf("cut the torn tail of %s: %w", path, err)
		}
	}
	return newWriter(f, path, valid), nil
}

func newWriter(f *os.File, path string, size int64) *Writer {
	w := &Writer{f: f, path: path, size: size, pending: make([]byte, HeaderSize, 64<<10)}
	w.cond = sync.NewCond(&w.mu)
	return w
}

// MaxRecord bounds a record: one must fit in a frame with its length.
const MaxRecord = MaxFrame - binary.MaxVarintLen64

// ErrTooLarge is returned for a record over MaxRecord.
var ErrTooLarge = errors.New("record too large for the log")

// Add queues a record and returns its ticket for Wait. Records are written
// in the order they were added.
func (w *Writer) Add(rec []byte) (uint64, error) {
	if len(rec) > MaxRecord {
		return 0, fmt.Errorf("%w: %d bytes (max %d)", ErrTooLarge, len(rec), MaxRecord)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return 0, w.err
	}
	if w.closed {
		return 0, ErrClosed
	}
	w.pending = appendRecord(w.pending, rec)
	w.queued++
	return w.queued, nil
}

// Wait returns once the record with ticket t is durable, or the error that
// kept it from being written. It does not take a context: the caller has
// already made the change its record describes, and returning before the
// outcome is known would report a write as failed that may yet land.
func (w *Writer) Wait(t uint64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.durable < t {
		if w.err != nil {
			return w.err
		}
		if w.flushing {
			w.cond.Wait()
			continue
		}
		w.flush()
	}
	return nil
}

// flush writes everything queued as one frame and syncs it. Called with mu
// held; it releases mu during the I/O so that others can queue the next
// group.
func (w *Writer) flush() {
	if w.queued == w.durable {
		return
	}
	if w.closed {
		w.err = ErrClosed
		return
	}
	buf, upto := w.pending, w.queued
	w.pending = make([]byte, HeaderSize, max(64<<10, cap(buf)/2))
	w.flushing = true
	w.mu.Unlock()
	n, err := w.writeFrames(buf)
	w.mu.Lock()
	w.flushing = false
	w.size += n
	if err != nil {
		w.err = fmt.Errorf("write %s: %w", w.path, err)
	} else {
		w.durable = upto
	}
	w.cond.Broadcast()
}

// writeFrames writes buf (a header's room, then records) as one frame, or
// as several when it exceeds MaxFrame, then syncs.
func (w *Writer) writeFrames(buf []byte) (int64, error) {
	recs := buf[HeaderSize:]
	var frames [][]byte
	if len(recs) <= MaxFrame {
		putHeader(buf[:HeaderSize], recs)
		frames = append(frames, buf)
	} else {
		frames = splitFrames(recs)
	}
	var n int64
	for _, fr := range frames {
		k, err := w.f.Write(fr)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, datasync(w.f)
}

// splitFrames cuts a run of records into frames of at most MaxFrame.
func splitFrames(recs []byte) [][]byte {
	var frames [][]byte
	cur := make([]byte, HeaderSize)
	for p := recs; len(p) > 0; {
		l, k := binary.Uvarint(p)
		rec := p[:k+int(l)]
		if len(cur)-HeaderSize+len(rec) > MaxFrame && len(cur) > HeaderSize {
			putHeader(cur[:HeaderSize], cur[HeaderSize:])
			frames = append(frames, cur)
			cur = make([]byte, HeaderSize)
		}
		cur = append(cur, rec...)
		p = p[len(rec):]
	}
	putHeader(cur[:HeaderSize], cur[HeaderSize:])
	return append(frames, cur)
}

// Sync makes everything added so far durable.
func (w *Writer) Sync() error {
	w.mu.Lock()
	t := w.queued
	w.mu.Unlock()
	return w.Wait(t)
}

// Size is the number of bytes written to the file.
func (w *Writer) Size() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.size
}

// Err is the error that stopped the writer, if any.
func (w *Writer) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Close syncs what was added and closes the file.
func (w *Writer) Close() error {
	err := w.Sync()
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return err
	}
	w.closed = true
	w.mu.Unlock()
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Encoder writes records as frames to a stream that is synced as a whole
// at the end (a snapshot): frames of about 1 MiB, no sync per frame.
type Encoder struct {
	w   io.Writer
	buf []byte
	n   int64
	err error
}

// NewEncoder returns an Encoder writing to w.
func NewEncoder(w io.Writer) *Encoder {
	return &Encoder{w: w, buf: make([]byte, HeaderSize, 1<<20+4096)}
}

const encoderFrame = 1 << 20

// Add appends a record, writing a frame when one is full.
func (e *Encoder) Add(rec []byte) error {
	if e.err != nil {
		return e.err
	}
	if len(e.buf) > HeaderSize && len(e.buf)-HeaderSize+len(rec)+binary.MaxVarintLen64 > encoderFrame {
		e.frame()
	}
	e.buf = appendRecord(e.buf, rec)
	return e.err
}

func (e *Encoder) frame() {
	if e.err != nil || len(e.buf) == HeaderSize {
		return
	}
	if len(e.buf)-HeaderSize > MaxFrame {
		for _, fr := range splitFrames(e.buf[HeaderSize:]) {
			if e.write(fr); e.err != nil {
				return
			}
		}
	} else {
		putHeader(e.buf[:HeaderSize], e.buf[HeaderSize:])
		e.write(e.buf)
	}
	e.buf = e.buf[:HeaderSize]
}

func (e *Encoder) write(b []byte) {
	n, err := e.w.Write(b)
	e.n += int64(n)
	e.err = err
}

// Close writes the last frame; it does not close the stream.
func (e *Encoder) Close() error {
	e.frame()
	return e.err
}

// Written is the number of bytes written so far.
func (e *Encoder) Written() int64 { return e.n }

// SyncDir makes changes to a directory's entries (a created, renamed or
// removed file) durable.
func SyncDir(dir string) error { return syncDir(dir) }
