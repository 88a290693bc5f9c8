package sim_test

import (
	"context"
	"fmt"
	"log"

	"github.com/decentsim/decentsim/sim"
)

// ExampleRunClassicTrial runs one trial of the classic model with Mesa's
// settings (the defaults of the [classic] section) and a legitimacy drop
// given as an event, and prints the counts after a few steps. The numbers
// are exact: a trial depends only on its parameters, seed and index.
func ExampleRunClassicTrial() {
	p := sim.Default()
	p.Classic.Legitimacy = 0.9 // no grievance above the threshold: all quiet
	p.Events = []sim.Event{{Month: 5, Label: "legitimacy falls", Set: map[string]sim.Value{"classic.legitimacy": sim.Float(0.7)}}}
	r, err := sim.RunClassicTrial(context.Background(), &p, 8, 1, 0)
	if err != nil {
		log.Fatal(err)
	}
	for _, step := range []int{4, 5, 8} {
		row := r.Rows[step-1]
		fmt.Printf("step %d: %v quiet, %v active, %v jailed\n", step,
			row[sim.ClassicQuiet], row[sim.ClassicActive], row[sim.ClassicJailed])
	}
	// Output:
	// step 4: 1111 quiet, 0 active, 0 jailed
	// step 5: 1037 quiet, 21 active, 53 jailed
	// step 8: 1037 quiet, 0 active, 74 jailed
}
