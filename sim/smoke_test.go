package sim

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestSmokePrint(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	p := Default()
	t0 := time.Now()
	res, err := RunTrial(context.Background(), &p, 120, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("time", time.Since(t0))
	for _, m := range []int{0, 11, 59, 119} {
		s := fmt.Sprintf("month %d:", m+1)
		for i, v := range res.Months[m] {
			s += fmt.Sprintf(" %s=%.4g", Metrics[i].Name, v)
		}
		t.Log(s)
	}
	t.Log("elections", len(res.Elections))
}
