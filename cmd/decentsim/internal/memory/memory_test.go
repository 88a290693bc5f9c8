package memory

import (
	"errors"
	"io/fs"
	"math"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want int64
	}{
		{"64", 64e9}, {"1.5", 1.5e9}, {"64GB", 64e9}, {"64 gb", 64e9}, {"64G", 64e9},
		{"512MB", 512e6}, {"512MiB", 512 << 20}, {"2TB", 2e12}, {"1GiB", 1 << 30}, {"100kB", 100e3}, {"4096B", 4096},
	} {
		if got, err := Parse(tt.in); err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "GB", "64XB", "-1GB", "0", "1e30TB", "sixty"} {
		if got, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %d; want an error", in, got)
		}
	}
}

func TestFormat(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   int64
		want string
	}{
		{19_200_000_000_000, "19.2 TB"}, {4_831_838_208, "4.83 GB"}, {512e6, "512 MB"}, {999_600_000, "1 GB"},
		{999_400_000, "999 MB"}, {17_000_000, "17 MB"}, {900, "900 B"}, {0, "0 B"}, {math.MaxInt64, "9223372 TB"},
	} {
		if got := Format(tt.in); got != tt.want {
			t.Errorf("Format(%d) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestCheck checks the refusal's one line: the estimate, its largest
// parts, the limit and the hint of the largest part, with the flag.
func TestCheck(t *testing.T) {
	t.Parallel()
	limit := Limit{Bytes: 16e9, Source: "available"}
	values := Part{Bytes: 19.2e12, What: "the monthly values of 1000000 trials", Hint: "use fewer --trials or --months"}
	worlds := Part{Bytes: 40e6, What: "2 worlds", Hint: "use fewer --workers"}
	if err := Check("run classroom", limit, "--max-memory", worlds); err != nil {
		t.Errorf("Check(40 MB in 16 GB) = %v; want nil", err)
	}
	err := Check("run classroom", limit, "--max-memory", worlds, values)
	var tl *TooLarge
	if !errors.As(err, &tl) || tl.Total() != values.Bytes+worlds.Bytes {
		t.Fatalf("Check(19.2 TB in 16 GB) = %v; want a *TooLarge of the sum", err)
	}
	want := "run classroom would need about 19.2 TB of memory (19.2 TB for the monthly values of 1000000 trials; 40 MB for 2 worlds), " +
		"more than the 16 GB available (hint: use fewer --trials or --months; or, if the machine has that much, raise the limit with --max-memory 20 TB)"
	if err.Error() != want {
		t.Errorf("Check(19.2 TB in 16 GB) =\n%s\nwant\n%s", err, want)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("the refusal is more than one line: %q", err)
	}
	huge := Part{Bytes: math.MaxInt64, What: "everything"}
	if err := Check("run", limit, "", huge, huge); err == nil || strings.Contains(err.Error(), "hint") {
		t.Errorf("Check of parts overflowing int64, without hints = %v; want a refusal without a hint", err)
	}
}

// files is a fake file system for available: path to contents.
type files map[string]string

func (f files) read(p string) ([]byte, error) {
	if s, ok := f[p]; ok {
		return []byte(s), nil
	}
	return nil, fs.ErrNotExist
}

// TestAvailable checks the default limit: MemAvailable, less if a
// control group (v2 or v1, here or above) or GOMEMLIMIT leaves less,
// and Assumed where /proc/meminfo cannot be read.
func TestAvailable(t *testing.T) {
	t.Parallel()
	const meminfo = "MemTotal:       32000000 kB\nMemFree:         1000000 kB\nMemAvailable:   16000000 kB\n"
	avail := int64(16000000) << 10
	for _, tt := range []struct {
		name    string
		files   files
		goLimit int64
		want    Limit
	}{
		{"meminfo", files{"/proc/meminfo": meminfo}, math.MaxInt64, Limit{avail, "available"}},
		{"not linux", files{}, math.MaxInt64, Assumed},
		{"cgroup v2", files{"/proc/meminfo": meminfo, "/proc/self/cgroup": "0::/user/app\n",
			"/sys/fs/cgroup/user/app/memory.max": "8000000000\n", "/sys/fs/cgroup/user/app/memory.current": "1000000000\n"},
			math.MaxInt64, Limit{7e9, "available to this process's control group (cgroup)"}},
		{"cgroup v2 parent", files{"/proc/meminfo": meminfo, "/proc/self/cgroup": "0::/user/app\n",
			"/sys/fs/cgroup/user/app/memory.max": "max\n", "/sys/fs/cgroup/user/app/memory.current": "1000000000\n",
			"/sys/fs/cgroup/user/memory.max": "3000000000\n", "/sys/fs/cgroup/user/memory.current": "2000000000\n"},
			math.MaxInt64, Limit{1e9, "available to this process's control group (cgroup)"}},
		{"cgroup v1 unlimited", files{"/proc/meminfo": meminfo, "/proc/self/cgroup": "4:memory:/app\n0::/\n",
			"/sys/fs/cgroup/memory/app/memory.limit_in_bytes": "9223372036854771712\n", "/sys/fs/cgroup/memory/app/memory.usage_in_bytes": "1000\n"},
			math.MaxInt64, Limit{avail, "available"}},
		{"cgroup v1", files{"/proc/meminfo": meminfo, "/proc/self/cgroup": "4:cpu,memory:/app\n",
			"/sys/fs/cgroup/memory/app/memory.limit_in_bytes": "2000000000\n", "/sys/fs/cgroup/memory/app/memory.usage_in_bytes": "500000000\n"},
			math.MaxInt64, Limit{1.5e9, "available to this process's control group (cgroup)"}},
		{"GOMEMLIMIT", files{"/proc/meminfo": meminfo}, 1e9, Limit{1e9, "allowed by GOMEMLIMIT"}},
	} {
		if got := available(tt.files.read, tt.goLimit); got != tt.want {
			t.Errorf("%s: available = %+v; want %+v", tt.name, got, tt.want)
		}
	}
}

func TestFlag(t *testing.T) {
	t.Parallel()
	f := NewFlag("--max-memory")
	if f.String() != "" || f.Limit().Bytes <= 0 {
		t.Errorf("unset flag: %q, limit %v; want \"\" and the memory available", f.String(), f.Limit())
	}
	if err := f.Set("2TB"); err != nil || f.Limit() != (Limit{2e12, "set by --max-memory"}) || f.String() != "2 TB" {
		t.Errorf("--max-memory 2TB: %v, limit %v, %q", err, f.Limit(), f.String())
	}
	if err := f.Set("lots"); err == nil {
		t.Errorf("--max-memory lots: no error")
	}
}
