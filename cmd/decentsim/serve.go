package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/decentsim/decentsim/cmd/decentsim/internal/classroom"
)

const serveSynopsis = "serve [--addr HOST:PORT] [--max-trials N] [--max-months M] [--max-agents A] [--max-runs R] [--max-runs-per-address R] [--max-run-time D] [--keep-mb MB] [--workers W]"

const serveExample = `  decentsim serve                        # then open http://127.0.0.1:8080/
  decentsim serve --addr 127.0.0.1:9000
  decentsim serve --addr 0.0.0.0:8080    # a classroom network: every machine on it can reach the page`

// serveCmd serves the classroom page until interrupted (Ctrl-C), which is
// its normal end: exit status 0.
func serveCmd(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	lim := classroom.DefaultLimits
	var addr string
	var workers int
	fs := newFlags("serve", serveSynopsis, serveExample, stderr)
	fs.StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on; the default admits this computer only")
	fs.IntVar(&lim.MaxTrials, "max-trials", lim.MaxTrials, "most trials one run may ask for")
	fs.IntVar(&lim.MaxMonths, "max-months", lim.MaxMonths, "most months one run may ask for")
	fs.IntVar(&lim.MaxAgents, "max-agents", lim.MaxAgents, "most citizen agents in a run's world (about world.population / world.represent, with room for births)")
	fs.IntVar(&lim.MaxRunning, "max-runs", lim.MaxRunning, "most runs at once, over all users")
	fs.IntVar(&lim.MaxRunningPerAddr, "max-runs-per-address", lim.MaxRunningPerAddr, "most runs at once from one computer (one network address), whatever its pages")
	fs.DurationVar(&lim.MaxRunTime, "max-run-time", lim.MaxRunTime, "longest a run may take; it is then stopped, keeping its finished trials (0: no limit)")
	keepMB := fs.Int64("keep-mb", lim.KeepBytes>>20, "most MiB of finished runs' files kept for download; the oldest runs are deleted first")
	fs.IntVar(&workers, "workers", 0, "goroutines per run (default: all cores)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments, only flags; did you mean --addr %s?", pos[0])
	}
	for name, v := range map[string]int64{"--max-trials": int64(lim.MaxTrials), "--max-months": int64(lim.MaxMonths), "--max-agents": int64(lim.MaxAgents),
		"--max-runs": int64(lim.MaxRunning), "--max-runs-per-address": int64(lim.MaxRunningPerAddr), "--keep-mb": *keepMB} {
		if v < 1 {
			return usagef("%s must be at least 1, not %d", name, v)
		}
	}
	if lim.MaxRunTime < 0 {
		return usagef("--max-run-time must be a duration such as 10m, or 0 for no limit, not %v", lim.MaxRunTime)
	}
	if *keepMB > 1<<20 {
		return usagef("--keep-mb must be at most %d (a TiB), not %d", 1<<20, *keepMB)
	}
	lim.KeepBytes = *keepMB << 20
	if workers < 0 {
		return usagef("--workers must be at least 0 (0 means all cores), not %d", workers)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return usagef("cannot listen on %s: the port is in use (is another decentsim serve running?); pick another with --addr 127.0.0.1:8081", addr)
		}
		return usagef("cannot listen on %s: %v (hint: --addr takes HOST:PORT, such as 127.0.0.1:8080)", addr, err)
	}
	dir, err := os.MkdirTemp("", "decentsim-serve-")
	if err != nil {
		ln.Close()
		return err
	}
	defer os.RemoveAll(dir)
	srv := classroom.New(classroom.Config{Limits: lim, Dir: dir, Workers: workers, Version: version(),
		Log: log.New(stderr, "decentsim serve: ", 0)})
	// No write timeout: a run's progress streams for as long as it runs.
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, IdleTimeout: 2 * time.Minute}

	url, everywhere := pageURL(ln.Addr())
	fmt.Fprintf(stdout, "decentsim classroom: open %s in a browser (Ctrl-C to stop)\n", url)
	switch {
	case everywhere:
		fmt.Fprintf(stderr, "decentsim serve: listening on all network interfaces: other machines on the network can open %s\n", networkURLs(ln.Addr()))
	case !strings.HasPrefix(url, "http://127.") && !strings.HasPrefix(url, "http://[::1]"):
		fmt.Fprintf(stderr, "decentsim serve: listening on %s: other machines on the network can use the page\n", ln.Addr())
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		srv.Close()
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Runs first (and no new ones): their event streams end, so Shutdown
	// need not wait for them.
	closeErr := srv.Close()
	if err := hs.Shutdown(shutdown); err != nil {
		hs.Close()
	}
	if closeErr != nil {
		fmt.Fprintf(stderr, "decentsim serve: %v\n", closeErr)
	}
	fmt.Fprintln(stderr, "decentsim serve: stopped")
	return nil
}

// pageURL returns the address a browser on this machine opens for a
// server listening at addr, and whether the server listens on every
// network interface (--addr 0.0.0.0:P or [::]:P, which the listener
// reports as [::]:P, an address no browser opens): then the page is at
// 127.0.0.1 here, and at this machine's network addresses elsewhere.
func pageURL(addr net.Addr) (url string, everywhere bool) {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + "/", false
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host, everywhere = "127.0.0.1", true
	}
	return "http://" + net.JoinHostPort(host, port) + "/", everywhere
}

// networkURLs lists the page's addresses on this machine's network
// interfaces (IPv4, not loopback), for a server listening on all of them;
// or describes them if there are none.
func networkURLs(addr net.Addr) string {
	_, port, _ := net.SplitHostPort(addr.String())
	addrs, _ := net.InterfaceAddrs()
	var urls []string
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && n.IP.IsGlobalUnicast() {
			urls = append(urls, "http://"+net.JoinHostPort(n.IP.String(), port)+"/")
		}
	}
	if len(urls) == 0 {
		return "http://THIS-MACHINE'S-ADDRESS:" + port + "/"
	}
	return strings.Join(urls, " or ")
}
