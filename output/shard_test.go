package output

import (
	"fmt"
	"strings"
	"testing"
)

func TestShardOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		index, count, trials int
		first, n             int
	}{
		{0, 3, 5, 0, 2},
		{1, 3, 5, 2, 2},
		{2, 3, 5, 4, 1},
		{0, 1, 7, 0, 7},
		{3, 4, 4, 3, 1},
		{9, 10, 1000, 900, 100},
	}
	for _, tt := range tests {
		s, err := ShardOf(tt.index, tt.count, tt.trials)
		if err != nil || s.FirstTrial != tt.first || s.Trials != tt.n {
			t.Errorf("ShardOf(%d, %d, %d) = %v, %v; want trials %s", tt.index, tt.count, tt.trials, s, err, trialRange(tt.first, tt.n))
		}
	}
	for _, bad := range [][3]int{{0, 0, 5}, {-1, 3, 5}, {3, 3, 5}, {0, 6, 5}} {
		if s, err := ShardOf(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("ShardOf(%d, %d, %d) = %v, nil; want an error", bad[0], bad[1], bad[2], s)
		}
	}
}

// TestShardsPartitionTrials checks that the shards of every count cover
// each trial exactly once, in order, with sizes differing by at most one.
func TestShardsPartitionTrials(t *testing.T) {
	t.Parallel()
	for trials := 1; trials <= 40; trials++ {
		for count := 1; count <= trials; count++ {
			next, lo, hi := 0, trials, 0
			for i := range count {
				s, err := ShardOf(i, count, trials)
				if err != nil {
					t.Fatalf("ShardOf(%d, %d, %d) = %v", i, count, trials, err)
				}
				if s.FirstTrial != next {
					t.Fatalf("ShardOf(%d, %d, %d) starts at %d; want %d", i, count, trials, s.FirstTrial, next)
				}
				next += s.Trials
				lo, hi = min(lo, s.Trials), max(hi, s.Trials)
			}
			if next != trials || hi-lo > 1 {
				t.Fatalf("%d shards of %d trials cover %d trials, sizes %d to %d", count, trials, next, lo, hi)
			}
		}
	}
}

func ExampleShardOf() {
	for i := range 3 {
		s, _ := ShardOf(i, 3, 10)
		fmt.Println(s, s.TrialList())
	}
	// Output:
	// 0/3 (trials 0–3) [0 1 2 3]
	// 1/3 (trials 4–6) [4 5 6]
	// 2/3 (trials 7–9) [7 8 9]
}

func TestBatchShardOf(t *testing.T) {
	t.Parallel()
	// 3 points × 2 trials: 6 runs in 4 shards of 2, 2, 1 and 1 runs.
	want := []BatchShard{{0, 4, 0, 2}, {1, 4, 2, 2}, {2, 4, 4, 1}, {3, 4, 5, 1}}
	for i, w := range want {
		s, err := BatchShardOf(i, 4, 6, 1)
		if err != nil || *s != w {
			t.Errorf("BatchShardOf(%d, 4, 6) = %v, %v; want %v", i, s, err, &w)
		}
	}
	if got := want[1].String(); got != "1/4 (runs 2–3)" {
		t.Errorf("String() = %q; want %q", got, "1/4 (runs 2–3)")
	}
	if s, err := BatchShardOf(0, 7, 6, 1); err == nil || !strings.Contains(err.Error(), "7 shards for 6 runs") {
		t.Errorf("BatchShardOf(0, 7, 6, 1) = %v, %v; want an error about 7 shards for 6 runs", s, err)
	}
}

// TestBatchShardOfGroups checks that shards of grouped runs (a
// comparison's scenarios) hold whole groups, cover every run once, and
// count shards against groups.
func TestBatchShardOfGroups(t *testing.T) {
	for _, tc := range []struct{ groups, size int }{{5, 2}, {7, 3}, {30, 2}, {4, 4}} {
		for count := 1; count <= tc.groups; count++ {
			next := 0
			for i := range count {
				s, err := BatchShardOf(i, count, tc.groups*tc.size, tc.size)
				if err != nil {
					t.Fatalf("BatchShardOf(%d, %d, %d, %d): %v", i, count, tc.groups*tc.size, tc.size, err)
				}
				if s.FirstRun != next || s.FirstRun%tc.size != 0 || s.Runs%tc.size != 0 || s.Runs == 0 {
					t.Errorf("shard %d/%d of %d groups of %d: runs %d+%d", i, count, tc.groups, tc.size, s.FirstRun, s.Runs)
				}
				next = s.FirstRun + s.Runs
			}
			if next != tc.groups*tc.size {
				t.Errorf("%d shards of %d groups of %d cover %d runs", count, tc.groups, tc.size, next)
			}
		}
		if _, err := BatchShardOf(0, tc.groups+1, tc.groups*tc.size, tc.size); err == nil || !strings.Contains(err.Error(), "trials") {
			t.Errorf("%d shards of %d groups: %v; want an error counting trials", tc.groups+1, tc.groups, err)
		}
	}
}
