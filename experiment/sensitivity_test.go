package experiment

import (
	"errors"
	"math"
	"reflect"
	"testing"
)

// TestSensitivityEstimate runs each method's design through a linear
// function, y = 3 x1 + x2 + 0 x3, and checks the design's size and the
// indices: x1 first, x3 nothing.
func TestSensitivityEstimate(t *testing.T) {
	t.Parallel()
	f := func(x []float64) float64 { return 3*x[0] + x[1] }
	for _, tt := range []struct {
		s     Sensitivity
		index string
		names []string
	}{
		{Sensitivity{Method: MethodMorris, Samples: 8, Params: 3, Seed: 1}, "mu_star", []string{"mu_star", "mu", "sigma"}},
		{Sensitivity{Method: MethodSobol, Samples: 256, Params: 3, Seed: 1}, "ST", []string{"S1", "ST"}},
	} {
		unit, err := tt.s.Design()
		if err != nil {
			t.Fatal(err)
		}
		if len(unit) != tt.s.Points() {
			t.Errorf("%s: Design has %d points; Points() = %d", tt.s.Method, len(unit), tt.s.Points())
		}
		again, _ := tt.s.Design()
		if !reflect.DeepEqual(unit, again) {
			t.Errorf("%s: Design is not a function of the seed", tt.s.Method)
		}
		idx, err := tt.s.Estimate(unit, evaluate(unit, 0, 1, f), 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(idx) != 3*len(tt.names) {
			t.Fatalf("%s: Estimate gave %d indices; want %d", tt.s.Method, len(idx), 3*len(tt.names))
		}
		value := map[int]float64{}
		for i, x := range idx {
			if x.Param != i/len(tt.names) || x.Name != tt.names[i%len(tt.names)] {
				t.Errorf("%s: index %d = %s of parameter %d; want %s of %d", tt.s.Method, i, x.Name, x.Param, tt.names[i%len(tt.names)], i/len(tt.names))
			}
			if x.Name == tt.index {
				value[x.Param] = x.Value
			}
		}
		if !(value[0] > value[1] && value[1] > 0.01 && math.Abs(value[2]) < 0.01) {
			t.Errorf("%s: %s = %v; want x1 > x2 > x3 = 0", tt.s.Method, tt.index, value)
		}
		// A constant outcome has no indices to estimate; Morris's are 0.
		idx, err = tt.s.Estimate(unit, make([]float64, len(unit)), 0)
		if !errors.Is(err, ErrNoVariance) || (tt.s.Method == MethodMorris) != (len(idx) > 0) {
			t.Errorf("%s: Estimate(constant) = %d indices, %v; want ErrNoVariance (and Morris's zeros)", tt.s.Method, len(idx), err)
		}
	}
}
