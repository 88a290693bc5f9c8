package sim

import (
	"sync"
	"time"
)

// The memory-bandwidth limit of the citizens' pass (docs/PERFORMANCE.md):
// a streaming pass over citizen arrays as large as a world's, which reads
// every field of every slot and writes the fields the pass writes, with
// next to no arithmetic. decentsim bench and the Stream benchmarks time it
// beside the model.

// StreamCitizens times passes streaming passes over slots citizen slots
// split among workers goroutines, and returns the wall time of the
// fastest pass.
func StreamCitizens(slots, workers, passes int) time.Duration {
	c := newCitizens(slots) // zeroed, so the arithmetic stays finite
	for bi := range c.Blocks {
		for l := range BlockLen {
			c.Blocks[bi].State[l] = Quiescent
		}
	}
	parts := splitCitizens(&c, max(workers, 1))
	best := time.Duration(0)
	for range max(passes, 1) {
		start := time.Now()
		var wg sync.WaitGroup
		for j := range parts {
			wg.Go(func() { streamPass(&parts[j]) })
		}
		wg.Wait()
		if d := time.Since(start); best == 0 || d < best {
			best = d
		}
	}
	return best
}

// streamPass reads every field of every slot of c and writes the fields
// the citizens' pass writes, with trivial arithmetic: the memory traffic
// of the pass without its work. It returns a checksum so that the loop is
// not optimised away.
func streamPass(c *Citizens) float32 {
	n := c.Len()
	edu, income := c.Edu[:n], c.Income[:n]
	var sum float32
	for bi := range c.Blocks {
		h := &c.Blocks[bi]
		for l := range BlockLen {
			i := bi*BlockLen + l
			if i >= n {
				break
			}
			k := h.State[l] + h.Age[l] + edu[i]
			h.State[l] = k
			h.Flags[l] ^= k
			sum += income[i] + h.IncomeHard[l] + h.Civic[l] + h.Party[l] + h.NbrVoted[l]
			h.Awareness[l] *= 0.5
			h.Efficacy[l] *= 0.5
			h.Trust[l] *= 0.5
			h.TrustDist[l] *= 0.5
			h.Frustr[l] *= 0.5
			h.ActiveFrac[l] *= 0.5
			h.JailFrac[l] *= 0.5
			h.Legit[l] = h.Awareness[l] + h.Trust[l]
		}
	}
	return sum
}

// splitCitizens returns c's slots in k runs of whole blocks.
func splitCitizens(c *Citizens, k int) []Citizens {
	parts := make([]Citizens, k)
	for i := range parts {
		blo, bhi := i*len(c.Blocks)/k, (i+1)*len(c.Blocks)/k
		lo, hi := blo*BlockLen, min(bhi*BlockLen, c.Len())
		parts[i] = Citizens{
			Blocks: c.Blocks[blo:bhi], Edu: c.Edu[lo:hi], Income: c.Income[lo:hi], n: hi - lo,
		}
	}
	return parts
}
