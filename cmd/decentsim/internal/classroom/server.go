package classroom

import (
	"archive/zip"
	"context"
	"crypto/rand"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"maps"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/decentsim/decentsim/cmd/decentsim/internal/memory"
	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

//go:embed static
var static embed.FS

// Limits caps what one request may ask of the server, so a classroom's
// worth of students (or a mistyped number) cannot exhaust the machine.
type Limits struct {
	MaxTrials int `json:"max_trials"`  // trials per run
	MaxMonths int `json:"max_months"`  // months per trial
	MaxBurnIn int `json:"max_burn_in"` // world.burn_in_months, run before month 1
	// MaxAgents bounds the world's citizen slots (sim.SizeOf): about
	// world.population / world.represent, plus room for births and
	// arrivals, and at least one per unit.
	MaxAgents  int   `json:"max_agents"`
	MaxUnits   int   `json:"max_units"`   // rural units, and districts
	MaxUpload  int64 `json:"max_upload"`  // bytes of an uploaded scenario file
	MaxRunning int   `json:"max_running"` // runs at once, over all users
	// MaxRunningPerAddr is how many of those runs one network address
	// (one computer) may have going at once. A page runs one run at a
	// time, but the client id naming the page is the page's to choose:
	// the address is what keeps one computer from taking every slot.
	MaxRunningPerAddr int `json:"max_running_per_address"`
	// MaxRunTime is how long a run may go on; one still going then is
	// stopped, and keeps its finished trials' files as an interrupted run
	// (0: no limit).
	MaxRunTime time.Duration `json:"-"`
	// KeepPerPage is how many finished runs of one page keep their files
	// for download (the page shows three), and KeepRuns how many over
	// all pages; KeepBytes bounds the size of those files over all pages
	// (the newest finished run is kept whatever its size). Beyond any of
	// the three, the oldest finished runs are removed.
	KeepPerPage int   `json:"keep_per_page"`
	KeepRuns    int   `json:"keep_runs"`
	KeepBytes   int64 `json:"keep_bytes"`
	// WatchTimeout is how long a run waits for its page to start watching
	// it; a run nobody watches (the page was closed) is cancelled.
	WatchTimeout time.Duration `json:"-"`
	// MaxMemory bounds, in bytes, what the runs going at once may hold
	// by their estimates (a run's is what `decentsim run` would check,
	// and its page's charts): a run that would take the total above it
	// waits for a slot, or is refused if it alone would (0: no bound).
	// serve sets it to --max-memory, by default the memory available,
	// and refuses to start if the other limits could take more
	// (RunsMemory).
	MaxMemory int64 `json:"max_memory"`
}

// DefaultLimits suit a laptop serving one classroom.
var DefaultLimits = Limits{
	MaxTrials:         200,
	MaxMonths:         240,
	MaxBurnIn:         120,
	MaxAgents:         300_000,
	MaxUnits:          5_000,
	MaxUpload:         64 << 10,
	MaxRunning:        4,
	MaxRunningPerAddr: 2,
	MaxRunTime:        10 * time.Minute,
	KeepPerPage:       4,
	KeepRuns:          200,
	KeepBytes:         512 << 20,
	WatchTimeout:      15 * time.Second,
}

// Config configures a Server.
type Config struct {
	Limits Limits
	// Dir holds the runs' output folders; the server removes what it
	// writes there when closed.
	Dir string
	// Workers is the goroutines each run uses (0: all cores).
	Workers int
	// Version is the program version recorded in each run's manifest.
	Version string
	// Now returns the current time (time.Now if nil).
	Now func() time.Time
	// Log receives one line per problem the server hits (none if nil).
	Log *log.Logger
}

// A Server serves the classroom page and its API. It is an http.Handler.
type Server struct {
	cfg     Config
	handler http.Handler

	mu     sync.Mutex
	runs   map[string]*run
	order  []string // run ids, oldest first
	closed bool     // Close was called: no new runs

	// afterWatch schedules the check that a new run's page has started
	// watching it, WatchTimeout after the start (time.AfterFunc; tests
	// fire it themselves).
	afterWatch func(d time.Duration, f func())
}

// New returns a server writing runs under cfg.Dir.
func New(cfg Config) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	s := &Server{cfg: cfg, runs: map[string]*run{},
		afterWatch: func(d time.Duration, f func()) { time.AfterFunc(d, f) }}
	mux := http.NewServeMux()
	sub, _ := fs.Sub(static, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(sub)))
	mux.HandleFunc("GET /{$}", s.page)
	mux.HandleFunc("GET /api/scenarios", s.listScenarios)
	mux.HandleFunc("GET /api/scenario", s.embeddedScenario)
	mux.HandleFunc("POST /api/scenario", s.uploadedScenario)
	mux.HandleFunc("POST /api/runs", s.startRun)
	mux.HandleFunc("GET /api/runs/{id}/events", s.events)
	mux.HandleFunc("DELETE /api/runs/{id}", s.stopRun)
	mux.HandleFunc("GET /api/runs/{id}/files/{file...}", s.file)
	mux.HandleFunc("GET /api/runs/{id}/files.zip", s.zipFiles)
	mux.HandleFunc("GET /api/runs/{id}/district", s.district)
	// Other web sites the student visits may not start runs or send
	// files here: the browser marks their requests as cross-origin.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, "requests from other web sites are refused; use the page this server serves", nil)
	}))
	s.handler = cop.Handler(mux)
	return s
}

// hostAllowed reports whether a request's Host header names this server
// as a browser would reach it: an IP address or localhost. A host name
// that resolves here only by a trick of DNS (rebinding, which lets another
// web site read this server's answers) is refused.
func hostAllowed(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	return host == "localhost" || net.ParseIP(host) != nil
}

// ServeHTTP serves a request. A panic in a handler is a bug: it is logged
// and answered with status 500 rather than ending the server.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.logf("internal error serving %s %s: %v", r.Method, r.URL.Path, v)
			writeError(w, http.StatusInternalServerError, "internal error; please report it with what you did", nil)
		}
	}()
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	// The page loads nothing from elsewhere, and no other site may show
	// it in a frame (where it could be overlaid to trick a click); say
	// both to the browser, X-Frame-Options for browsers before CSP 2.
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
	h.Set("X-Frame-Options", "DENY")
	if !hostAllowed(r.Host) {
		writeError(w, http.StatusMisdirectedRequest, fmt.Sprintf("this server answers to its address (an IP address or localhost), not to %q", r.Host), nil)
		return
	}
	s.handler.ServeHTTP(w, r)
}

// Close refuses new runs, cancels every run, waits briefly for them to
// stop, and removes their folders.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	runs := make([]*run, 0, len(s.runs))
	for _, r := range s.runs {
		runs = append(runs, r)
	}
	s.mu.Unlock()
	for _, r := range runs {
		r.cancel()
	}
	deadline := time.Now().Add(10 * time.Second)
	for _, r := range runs {
		for r.running() && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
	}
	var errs []error
	for _, r := range runs {
		errs = append(errs, r.remove())
	}
	return errors.Join(errs...)
}

func (s *Server) logf(format string, args ...any) {
	if s.cfg.Log != nil {
		s.cfg.Log.Printf(format, args...)
	}
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	http.ServeFileFS(w, r, static, "static/index.html")
}

// problem is one entry of an error response: a scenario problem with its
// file, line and key, or a plain message.
type problem struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Key  string `json:"key,omitempty"`
	Msg  string `json:"msg"`
	Hint string `json:"hint,omitempty"`
	Text string `json:"text"` // as the command line prints it
}

// writeError answers with status and {"error": msg, "problems": [...]}.
func writeError(w http.ResponseWriter, status int, msg string, problems []problem) {
	writeJSON(w, status, map[string]any{"error": msg, "problems": problems})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// scenarioError answers a scenario that did not load: 400 with its
// problems, each as the command line would print it.
func scenarioError(w http.ResponseWriter, err error) {
	scenarioAnswer(err).write(w)
}

// An answer is a refusal: the status and message the client gets, with
// each problem.
type answer struct {
	status   int
	msg      string
	problems []problem
}

func (a *answer) Error() string               { return a.msg }
func (a *answer) write(w http.ResponseWriter) { writeError(w, a.status, a.msg, a.problems) }

// refusal is a 400 answer with one message.
func refusal(format string, args ...any) *answer {
	msg := fmt.Sprintf(format, args...)
	return &answer{http.StatusBadRequest, msg, []problem{{Msg: msg, Text: msg}}}
}

// scenarioAnswer is the answer to a scenario that did not load: 400 with
// its problems, each as the command line would print it.
func scenarioAnswer(err error) *answer {
	var list scenarios.ErrorList
	if !errors.As(err, &list) {
		return &answer{http.StatusBadRequest, err.Error(), []problem{{Msg: err.Error(), Text: err.Error()}}}
	}
	ps := make([]problem, len(list))
	for i, e := range list {
		if e.File == "" && strings.HasPrefix(e.Msg, "unknown scenario") {
			// The command line's hint speaks of files; the page has a menu.
			c := *e
			c.Hint = "pick one from the menu, or upload a scenario file"
			e = &c
		}
		ps[i] = problem{File: e.File, Line: e.Line, Key: e.Key, Msg: e.Msg, Hint: e.Hint, Text: e.Error()}
	}
	msg := "the scenario has a problem"
	if len(ps) > 1 {
		msg = fmt.Sprintf("the scenario has %d problems", len(ps))
	}
	return &answer{http.StatusBadRequest, msg, ps}
}

// badRequest answers 400 with one message.
func badRequest(w http.ResponseWriter, format string, args ...any) {
	refusal(format, args...).write(w)
}

// scenarioInfo is an embedded scenario in the page's menu.
type scenarioInfo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

func (s *Server) listScenarios(w http.ResponseWriter, r *http.Request) {
	var list []scenarioInfo
	for _, info := range scenarios.List() {
		sc, err := scenarios.Resolve(info.Name, nil)
		if err != nil || sc.Model != sim.ModelRural {
			continue // the classic docking model has none of the levers
		}
		list = append(list, scenarioInfo{Name: info.Name, Description: info.Description})
	}
	writeJSON(w, http.StatusOK, map[string]any{"scenarios": list, "default": "classroom", "limits": s.cfg.Limits})
}

// scenarioView is a loaded scenario as the page shows it: its levers and
// run settings.
type scenarioView struct {
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Trials      int     `json:"trials"`
	Months      int     `json:"months"`
	Seed        uint64  `json:"seed"`
	Agents      int     `json:"agents"`
	Levers      []Lever `json:"levers"`
	// Problems are what stops the scenario from running on this server
	// (its world is too large, say), shown before the student presses Run.
	Problems []string `json:"problems,omitempty"`
}

// checkLimits returns the problems with running sc under the limits.
func (s *Server) checkLimits(sc *scenarios.Scenario) []string {
	lim := s.cfg.Limits
	var msgs []string
	tooMuch := func(key, what string, n, limit int, hint string) {
		if n > limit {
			msgs = append(msgs, fmt.Sprintf("%s: %d %s is more than this server allows (%d) (hint: %s)", key, n, what, limit, hint))
		}
	}
	if sc.Model != sim.ModelRural {
		msgs = append(msgs, fmt.Sprintf("meta.model: the classroom page runs the rural model only, not %q (hint: run it with `decentsim run`)", sc.Model))
	}
	tooMuch("meta.trials", "trials", sc.Trials, lim.MaxTrials, "use fewer, or `decentsim run` for more")
	tooMuch("meta.months", "months", sc.Months, lim.MaxMonths, "use fewer, or `decentsim run` for more")
	tooMuch("world.burn_in_months", "months of burn-in", sc.Params.World.BurnInMonths, lim.MaxBurnIn, "use fewer, or `decentsim run`")
	size := sim.SizeOf(&sc.Params)
	tooMuch("world", "rural units", size.Units, lim.MaxUnits, "use fewer towns, rural_districts, villages and settlements, or `decentsim run`")
	tooMuch("world", "districts", size.Districts, lim.MaxUnits, "use fewer oblasts or districts_per_oblast, or `decentsim run`")
	if size.Slots > lim.MaxAgents {
		msgs = append(msgs, fmt.Sprintf("world.represent: the world would need up to %d citizen agents, more than this server allows (%d) (hint: raise world.represent, lower world.population, or use `decentsim run`)",
			size.Slots, lim.MaxAgents))
	}
	return msgs
}

// agents is the number of citizen agents the world starts with, about.
func agents(p *sim.Params) int {
	return p.World.Population / max(1, p.World.Represent)
}

func (s *Server) view(w http.ResponseWriter, sc *scenarios.Scenario) {
	msgs := s.checkLimits(sc)
	if sc.Model != sim.ModelRural {
		badRequest(w, "%s", msgs[0])
		return
	}
	ls, err := leversOf(&sc.Params, sc.Params.Events)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error(), nil)
		return
	}
	// The page offers trials and months within the limits; the rest stand.
	var problems []string
	for _, m := range msgs {
		if !strings.HasPrefix(m, "meta.trials:") && !strings.HasPrefix(m, "meta.months:") {
			problems = append(problems, m)
		}
	}
	writeJSON(w, http.StatusOK, scenarioView{Name: sc.Name, Description: sc.Description,
		Trials: min(sc.Trials, s.cfg.Limits.MaxTrials), Months: min(sc.Months, s.cfg.Limits.MaxMonths),
		Seed: sc.Seed, Agents: agents(&sc.Params), Levers: ls, Problems: problems})
}

func (s *Server) embeddedScenario(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	if name == "" || strings.ContainsAny(name, `/\.`) {
		badRequest(w, "give an embedded scenario's name, such as ?name=classroom")
		return
	}
	sc, err := scenarios.Resolve(name, nil)
	if err != nil {
		scenarioError(w, err)
		return
	}
	s.view(w, sc)
}

// fileName is the name problems in an upload are reported under: the
// base of the name the browser gave, or upload.toml.
func fileName(given string) string {
	name := path.Base(strings.ReplaceAll(given, `\`, "/"))
	if name == "" || name == "." || name == "/" {
		return "upload.toml"
	}
	return name
}

// readLimited reads at most limit bytes of r's body, or answers why not.
func (s *Server) readLimited(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			tooLarge(w, s.cfg.Limits.MaxUpload)
		} else {
			badRequest(w, "could not read the request: %v", err)
		}
		return nil, false
	}
	return data, true
}

// tooLarge answers an upload over the limit.
func tooLarge(w http.ResponseWriter, limit int64) { tooLargeAnswer(limit).write(w) }

func tooLargeAnswer(limit int64) *answer {
	return &answer{http.StatusRequestEntityTooLarge,
		fmt.Sprintf("the file is larger than this server accepts (%d KiB); a scenario file states only what differs, so it is small", limit>>10), nil}
}

func (s *Server) uploadedScenario(w http.ResponseWriter, r *http.Request) {
	data, ok := s.readLimited(w, r, s.cfg.Limits.MaxUpload)
	if !ok {
		return
	}
	sc, err := scenarios.Parse(fileName(r.URL.Query().Get("filename")), data, nil)
	if err != nil {
		scenarioError(w, err)
		return
	}
	s.view(w, sc)
}

// runRequest is what the page sends to start a run. Trials, months and
// seed are JSON numbers or strings of digits (a seed may exceed what a
// JavaScript number holds exactly).
type runRequest struct {
	Client   string         `json:"client"`
	Scenario string         `json:"scenario"` // an embedded scenario's name, or
	Source   string         `json:"source"`   // the text of an uploaded file
	Filename string         `json:"filename"` // and its name (set for an upload, even an empty one)
	Levers   map[string]any `json:"levers"`
	Trials   json.Number    `json:"trials"`
	Months   json.Number    `json:"months"`
	Seed     json.Number    `json:"seed"`
}

// wholeNumber reads a run setting: a whole number within [lo, hi].
func wholeNumber(name string, n json.Number, lo, hi uint64) (uint64, error) {
	x, err := strconv.ParseUint(string(n), 10, 64)
	if err != nil || x < lo || x > hi {
		return 0, fmt.Errorf("%s must be a whole number from %d to %d, not %q", name, lo, hi, string(n))
	}
	return x, nil
}

// maxSeed is the largest seed a scenario file can hold (a TOML integer).
const maxSeed = 1<<63 - 1

func (s *Server) startRun(w http.ResponseWriter, r *http.Request) {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		// Also keeps other web sites out: a browser sends JSON across
		// sites only after asking, and this server never says yes.
		writeError(w, http.StatusUnsupportedMediaType, "send the run request as application/json", nil)
		return
	}
	// JSON escaping can make an uploaded file's text up to six times
	// longer; the file itself is held to the upload limit below.
	data, ok := s.readLimited(w, r, 6*s.cfg.Limits.MaxUpload+16<<10)
	if !ok {
		return
	}
	sc, client, refused := s.runScenario(data)
	if refused != nil {
		refused.write(w)
		return
	}
	rn, err := s.launch(client, remoteHost(r.RemoteAddr), sc)
	var ans *answer
	switch {
	case errors.As(err, &ans):
		ans.write(w)
		return
	case err != nil:
		status := http.StatusServiceUnavailable
		if errors.Is(err, errAddrBusy) {
			status = http.StatusTooManyRequests
		}
		writeError(w, status, err.Error(), nil)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": rn.id, "name": sc.Name, "trials": sc.Trials, "months": sc.Months, "seed": sc.Seed})
}

// runScenario reads a run request: the scenario to run, within the
// limits, and the page asking; or why not.
func (s *Server) runScenario(data []byte) (*scenarios.Scenario, string, *answer) {
	var req runRequest
	if err := json.Unmarshal(data, &req); err != nil {
		return nil, "", refusal("the run request is not valid: %v", err)
	}
	lim := s.cfg.Limits
	if int64(len(req.Source)) > lim.MaxUpload {
		return nil, "", tooLargeAnswer(lim.MaxUpload)
	}
	var overrides []string
	for _, k := range slices.Sorted(maps.Keys(req.Levers)) {
		o, err := leverOverride(k, req.Levers[k])
		if err != nil {
			return nil, "", refusal("%v", err)
		}
		overrides = append(overrides, o)
	}
	trials, err := wholeNumber("trials", req.Trials, 1, uint64(lim.MaxTrials))
	if err != nil {
		return nil, "", refusal("%v", err)
	}
	months, err := wholeNumber("months", req.Months, 1, uint64(lim.MaxMonths))
	if err != nil {
		return nil, "", refusal("%v", err)
	}
	overrides = append(overrides, fmt.Sprintf("run settings:meta.trials=%d", trials), fmt.Sprintf("run settings:meta.months=%d", months))
	if req.Seed != "" {
		seed, err := wholeNumber("seed", req.Seed, 0, maxSeed)
		if err != nil {
			return nil, "", refusal("%v", err)
		}
		overrides = append(overrides, fmt.Sprintf("run settings:meta.seed=%d", seed))
	}
	var sc *scenarios.Scenario
	switch {
	case req.Filename != "" || req.Source != "":
		sc, err = scenarios.Parse(fileName(req.Filename), []byte(req.Source), overrides)
	case req.Scenario != "" && !strings.ContainsAny(req.Scenario, `/\.`):
		sc, err = scenarios.Resolve(req.Scenario, overrides)
	default:
		return nil, "", refusal("pick an embedded scenario or upload a scenario file")
	}
	if err != nil {
		return nil, "", scenarioAnswer(err)
	}
	if msgs := s.checkLimits(sc); len(msgs) > 0 {
		ps := make([]problem, len(msgs))
		for i, m := range msgs {
			ps[i] = problem{Msg: m, Text: m}
		}
		headline := "the run is too large for this server"
		if sc.Model != sim.ModelRural {
			headline = "the classroom page runs the rural model only; this scenario is " + sc.Model
		}
		return nil, "", &answer{http.StatusBadRequest, headline, ps}
	}
	return sc, req.Client, nil
}

// remoteHost is the network address of a request's client, without
// its port.
func remoteHost(addr string) string {
	if h, _, err := net.SplitHostPort(addr); err == nil {
		return h
	}
	return addr
}

// errAddrBusy is a run refused because its computer has as many going
// as one may.
var errAddrBusy = errors.New("this computer already has as many runs going as one may")

// runTimeError is the cause of a run stopped at Limits.MaxRunTime.
type runTimeError time.Duration

func (e runTimeError) Error() string {
	return fmt.Sprintf("stopped at %v, the longest a run may take on this server; use fewer trials, months or agents, or `decentsim run`", time.Duration(e))
}

// launch starts a run of sc for client at the network address addr,
// cancelling the client's earlier runs still going, and removing the
// oldest finished runs beyond the limits.
func (s *Server) launch(client, addr string, sc *scenarios.Scenario) (*run, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errors.New("the server is shutting down")
	}
	lim := s.cfg.Limits
	running, fromAddr := 0, 0
	var held int64 // memory the runs going hold
	for _, id := range s.order {
		old := s.runs[id]
		if !old.running() {
			continue
		}
		if client != "" && old.client == client {
			old.cancel() // a new run from the same page replaces it
			continue
		}
		running++
		held += old.memory
		if old.addr == addr {
			fromAddr++
		}
	}
	need := runMemory(sc, s.cfg.Workers)
	switch {
	case running >= lim.MaxRunning:
		return nil, fmt.Errorf("the server is already running %d runs, its limit; try again when one has finished", running)
	case lim.MaxRunningPerAddr > 0 && fromAddr >= lim.MaxRunningPerAddr:
		return nil, fmt.Errorf("%w (%d); stop one, or wait for one to finish", errAddrBusy, lim.MaxRunningPerAddr)
	case lim.MaxMemory > 0 && need > lim.MaxMemory:
		return nil, refusal("the run would need about %s of memory, more than this server allows (%s) (hint: use fewer trials or months, "+
			"or a larger world.represent)", memory.Format(need), memory.Format(lim.MaxMemory))
	case lim.MaxMemory > 0 && held+need > lim.MaxMemory:
		return nil, fmt.Errorf("the runs going hold about %s of the %s of memory this server allows, too much to start this one (about %s); "+
			"try again when one has finished", memory.Format(held), memory.Format(lim.MaxMemory), memory.Format(need))
	}
	id := rand.Text()[:16]
	dir := filepath.Join(s.cfg.Dir, id)
	if err := output.Prepare(dir, false); err != nil {
		return nil, fmt.Errorf("cannot make the run's folder: %v", err)
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	rn := newRun(id, client, sc, dir, func() { cancel(nil) }, s.cfg.Now())
	rn.addr, rn.memory = addr, need
	s.runs[id] = rn
	s.order = append(s.order, id)
	s.evict()
	var timer *time.Timer
	if lim.MaxRunTime > 0 {
		timer = time.AfterFunc(lim.MaxRunTime, func() { cancel(runTimeError(lim.MaxRunTime)) })
	}
	go func() {
		rn.execute(ctx, s.cfg.Workers, s.cfg.Version)
		if timer != nil {
			timer.Stop()
		}
		// Its files now count against KeepBytes.
		s.mu.Lock()
		s.evict()
		s.mu.Unlock()
	}()
	// A page that never starts watching (it was closed at once) cancels
	// the run.
	s.afterWatch(s.cfg.Limits.WatchTimeout, func() {
		rn.mu.Lock()
		unwatched := !rn.watched && rn.state == stateRunning
		rn.mu.Unlock()
		if unwatched {
			rn.cancel()
		}
	})
	return rn, nil
}

// evict forgets the oldest finished runs beyond the limits (per page, and
// over all pages) and removes their folders, sparing runs whose files are
// being downloaded. s.mu must be held.
func (s *Server) evict() {
	removable := func(r *run) bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return r.state != stateRunning && r.downloads == 0
	}
	lim := s.cfg.Limits
	drop := map[string]bool{}
	perPage := map[string]int{}
	var bytes int64                          // of the finished runs kept
	newest := ""                             // the newest finished run, kept whatever its size
	for i := len(s.order) - 1; i >= 0; i-- { // newest first: the newest stay
		r := s.runs[s.order[i]]
		if perPage[r.client]++; perPage[r.client] > lim.KeepPerPage && removable(r) {
			drop[r.id] = true
			continue
		}
		if size, done := r.size(); done {
			bytes += size
			if newest == "" {
				newest = r.id
			}
		}
	}
	over := len(s.order) - len(drop) - lim.KeepRuns
	for _, id := range s.order { // oldest first
		if over <= 0 && (lim.KeepBytes <= 0 || bytes <= lim.KeepBytes) {
			break
		}
		if r := s.runs[id]; !drop[id] && id != newest && removable(r) {
			drop[id] = true
			over--
			size, _ := r.size()
			bytes -= size
		}
	}
	kept := s.order[:0]
	for _, id := range s.order {
		if !drop[id] {
			kept = append(kept, id)
			continue
		}
		r := s.runs[id]
		delete(s.runs, id)
		if err := r.remove(); err != nil {
			s.logf("removing %s: %v", r.dir, err)
		}
	}
	s.order = kept
}

// running reports whether the run has not ended.
func (r *run) running() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state == stateRunning
}

// lookup returns the run named in the request's path, or answers 404.
func (s *Server) lookup(w http.ResponseWriter, req *http.Request) *run {
	s.mu.Lock()
	r := s.runs[req.PathValue("id")]
	s.mu.Unlock()
	if r == nil {
		writeError(w, http.StatusNotFound, "no such run; it may have been removed to make room for newer ones: run it again", nil)
	}
	return r
}

func (s *Server) stopRun(w http.ResponseWriter, req *http.Request) {
	if r := s.lookup(w, req); r != nil {
		r.cancel()
		w.WriteHeader(http.StatusNoContent)
	}
}

// events streams the run's snapshots as server-sent events until it ends.
// A page that goes away while the run is going cancels it.
func (s *Server) events(w http.ResponseWriter, req *http.Request) {
	r := s.lookup(w, req)
	if r == nil {
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeError(w, http.StatusInternalServerError, "streaming is not supported", nil)
		return
	}
	r.mu.Lock()
	r.watchers++
	r.watched = true
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.watchers--
		last := r.watchers == 0 && r.state == stateRunning
		r.mu.Unlock()
		if last {
			r.cancel() // the page was closed or navigated away
		}
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	heartbeat := time.NewTicker(15 * time.Second)
	defer heartbeat.Stop()
	sent := -1
	for {
		snap, version, changed := r.snapshot()
		if version != sent {
			data, err := json.Marshal(snap)
			if err != nil {
				s.logf("encoding run %s: %v", r.id, err)
				return
			}
			event := "progress"
			if snap.State != stateRunning {
				event = "end"
			}
			if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, data); err != nil {
				return
			}
			flusher.Flush()
			sent = version
			if event == "end" {
				return
			}
		}
		select {
		case <-req.Context().Done():
			return
		case <-heartbeat.C:
			if _, err := io.WriteString(w, ": still running\n\n"); err != nil {
				return
			}
			flusher.Flush()
		case <-changed:
			// Coalesce bursts of finished trials into one update.
			select {
			case <-time.After(100 * time.Millisecond):
			case <-req.Context().Done():
				return
			}
		}
	}
}

// finished returns the run named in the request and its files, or
// answers why there are none (no such run, or not finished yet) and
// returns nil. The caller calls r.doneDownloading when it has sent them.
func (s *Server) finished(w http.ResponseWriter, req *http.Request) (*run, []string) {
	r := s.lookup(w, req)
	if r == nil {
		return nil, nil
	}
	r.mu.Lock()
	files, state := r.files, r.state
	if state != stateRunning {
		r.downloads++ // eviction spares it until done is called
	}
	r.mu.Unlock()
	if state == stateRunning {
		writeError(w, http.StatusConflict, "the run has not finished; its files are written when it ends", nil)
		return nil, nil
	}
	return r, files
}

// doneDownloading ends a download begun by finished.
func (r *run) doneDownloading() {
	r.mu.Lock()
	r.downloads--
	r.mu.Unlock()
}

func (s *Server) file(w http.ResponseWriter, req *http.Request) {
	r, files := s.finished(w, req)
	if r == nil {
		return
	}
	defer r.doneDownloading()
	name := req.PathValue("file")
	if !slices.Contains(files, name) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("the run has no file %q", name), nil)
		return
	}
	w.Header().Set("Content-Disposition", attachment(downloadName(r, name)))
	http.ServeFile(w, req, filepath.Join(r.dir, filepath.FromSlash(name)))
}

// downloadName is the name a downloaded file is saved under: the scenario
// and the run in front of the file's own name, so downloads of several
// runs do not overwrite each other.
func downloadName(r *run, name string) string {
	return folderName(r) + "-" + strings.ReplaceAll(name, "/", "-")
}

// folderName is the run's name in downloads: its scenario's name (which an
// upload chooses, so only ASCII letters, digits, '_' and '-' are kept) and
// the start of its id.
func folderName(r *run) string {
	name := strings.Map(func(c rune) rune {
		if c == '_' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			return c
		}
		return '_'
	}, r.scen.Name)
	return name + "-" + r.id[:6]
}

// attachment is a Content-Disposition header saving a download as name.
func attachment(name string) string {
	return mime.FormatMediaType("attachment", map[string]string{"filename": name})
}

// district serves the run's district view (district.go).
func (s *Server) district(w http.ResponseWriter, req *http.Request) {
	r, _ := s.finished(w, req)
	if r == nil {
		return
	}
	defer r.doneDownloading()
	r.mu.Lock()
	view := r.view
	r.mu.Unlock()
	if !view {
		writeError(w, http.StatusNotFound, "the run has no district view: only a run that finished has one", nil)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	http.ServeFile(w, req, r.viewPath())
}

func (s *Server) zipFiles(w http.ResponseWriter, req *http.Request) {
	r, files := s.finished(w, req)
	if r == nil {
		return
	}
	defer r.doneDownloading()
	folder := folderName(r)
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", attachment(folder+".zip"))
	zw := zip.NewWriter(w)
	modified := s.cfg.Now()
	for _, name := range files {
		f, err := os.Open(filepath.Join(r.dir, filepath.FromSlash(name)))
		if err != nil {
			s.logf("zip of run %s: %v", r.id, err)
			return
		}
		dst, err := zw.CreateHeader(&zip.FileHeader{Name: folder + "/" + name, Method: zip.Deflate, Modified: modified})
		if err == nil {
			_, err = io.Copy(dst, f)
		}
		f.Close()
		if err != nil {
			return
		}
	}
	_ = zw.Close()
}
