package memory

import (
	"bufio"
	"bytes"
	"math"
	"os"
	"path"
	"runtime/debug"
	"strconv"
	"strings"
)

// Assumed is the limit where the memory available cannot be read (on a
// system other than Linux): a laptop's, conservatively.
var Assumed = Limit{Bytes: 4e9, Source: "assumed (the memory available is not known on this system; --max-memory sets it)"}

// Available returns the memory available now, the default limit: on
// Linux, MemAvailable of /proc/meminfo (what can be allocated without
// swapping), less if the process's control group (cgroup v2's
// memory.max, v1's memory.limit_in_bytes) leaves less room, or a Go
// memory limit (GOMEMLIMIT) is set lower; elsewhere Assumed.
func Available() Limit {
	goLimit := debug.SetMemoryLimit(-1)
	return available(os.ReadFile, goLimit)
}

// available is Available reading files with read and given the Go
// memory limit goLimit (math.MaxInt64 when unset).
func available(read func(string) ([]byte, error), goLimit int64) Limit {
	meminfo, err := read("/proc/meminfo")
	avail, ok := memAvailable(meminfo)
	if err != nil || !ok {
		return Assumed
	}
	l := Limit{Bytes: avail, Source: "available"}
	if room, ok := cgroupRoom(read); ok && room < l.Bytes {
		l = Limit{Bytes: room, Source: "available to this process's control group (cgroup)"}
	}
	if goLimit > 0 && goLimit < l.Bytes {
		l = Limit{Bytes: goLimit, Source: "allowed by GOMEMLIMIT"}
	}
	return l
}

// memAvailable returns MemAvailable, in bytes, of /proc/meminfo's text.
func memAvailable(meminfo []byte) (int64, bool) {
	sc := bufio.NewScanner(bytes.NewReader(meminfo))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "MemAvailable:" && f[2] == "kB" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb << 10, err == nil && kb > 0
		}
	}
	return 0, false
}

// cgroupRoom returns the room the process's memory control group and
// those above it leave: the least of each one's limit less its usage,
// for cgroup v2 (the line "0::PATH" of /proc/self/cgroup) or v1 (its
// memory controller's line); false if none has a limit.
func cgroupRoom(read func(string) ([]byte, error)) (int64, bool) {
	b, err := read("/proc/self/cgroup")
	if err != nil {
		return 0, false
	}
	room, found := int64(math.MaxInt64), false
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.SplitN(line, ":", 3)
		if len(f) != 3 {
			continue
		}
		var root, limitFile, usageFile string
		switch {
		case f[0] == "0" && f[1] == "":
			root, limitFile, usageFile = "/sys/fs/cgroup", "memory.max", "memory.current"
		case hasMemory(f[1]):
			root, limitFile, usageFile = "/sys/fs/cgroup/memory", "memory.limit_in_bytes", "memory.usage_in_bytes"
		default:
			continue
		}
		for dir := path.Join(root, f[2]); strings.HasPrefix(dir, root); dir = path.Dir(dir) {
			limit, ok1 := readInt(read, path.Join(dir, limitFile))
			usage, ok2 := readInt(read, path.Join(dir, usageFile))
			// v1 writes "no limit" as a number near 2^63.
			if ok1 && ok2 && limit < 1<<62 {
				room, found = min(room, max(limit-usage, 0)), true
			}
			if dir == root {
				break
			}
		}
	}
	return room, found
}

// hasMemory reports whether a v1 line's controllers include memory.
func hasMemory(controllers string) bool {
	for _, c := range strings.Split(controllers, ",") {
		if c == "memory" {
			return true
		}
	}
	return false
}

// readInt reads the file at p as one integer ("max", v2's no limit, is
// not one).
func readInt(read func(string) ([]byte, error), p string) (int64, bool) {
	b, err := read(p)
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	return n, err == nil
}
