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

	"github.com/decentsim/decentsim/output"
	"github.com/decentsim/decentsim/scenarios"
	"github.com/decentsim/decentsim/sim"
)

//go:embed static
var static embed.FS

// Limits caps what one request may ask of the server, so a classroom's
// worth of students (or a mistyped number) cannot exhaust the machine.
type Limits struct {
	MaxTrials  int   `json:"max_trials"`  // trials per run
	MaxMonths  int   `json:"max_months"`  // months per trial
	MaxAgents  int   `json:"max_agents"`  // citizen agents in the world: world.population / world.represent
	MaxUpload  int64 `json:"max_upload"`  // bytes of an uploaded scenario file or a run request
	MaxRunning int   `json:"max_running"` // runs at once, over all users
	KeepRuns   int   `json:"keep_runs"`   // finished runs whose files are kept for download
	// WatchTimeout is how long a run waits for its page to start watching
	// it; a run nobody watches (the page was closed) is cancelled.
	WatchTimeout time.Duration `json:"-"`
}

// DefaultLimits suit a laptop serving one classroom.
var DefaultLimits = Limits{
	MaxTrials:    200,
	MaxMonths:    240,
	MaxAgents:    250_000,
	MaxUpload:    64 << 10,
	MaxRunning:   4,
	KeepRuns:     30,
	WatchTimeout: 15 * time.Second,
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
	cfg Config
	mux *http.ServeMux

	mu    sync.Mutex
	runs  map[string]*run
	order []string // run ids, oldest first
}

// New returns a server writing runs under cfg.Dir.
func New(cfg Config) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	s := &Server{cfg: cfg, runs: map[string]*run{}}
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
	s.mux = mux
	return s
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
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// The page loads nothing from elsewhere; say so to the browser too.
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'")
	s.mux.ServeHTTP(w, r)
}

// Close cancels every run, waits briefly for them to stop, and removes
// their folders.
func (s *Server) Close() error {
	s.mu.Lock()
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
		errs = append(errs, os.RemoveAll(r.dir))
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
	var list scenarios.ErrorList
	if !errors.As(err, &list) {
		writeError(w, http.StatusBadRequest, err.Error(), []problem{{Msg: err.Error(), Text: err.Error()}})
		return
	}
	ps := make([]problem, len(list))
	for i, e := range list {
		if e.File == "--set" {
			// The page's levers reach the loader as --set overrides.
			c := *e
			c.File = "levers"
			e = &c
		}
		ps[i] = problem{File: e.File, Line: e.Line, Key: e.Key, Msg: e.Msg, Hint: e.Hint, Text: e.Error()}
	}
	msg := "the scenario has a problem"
	if len(ps) > 1 {
		msg = fmt.Sprintf("the scenario has %d problems", len(ps))
	}
	writeError(w, http.StatusBadRequest, msg, ps)
}

// badRequest answers 400 with one message.
func badRequest(w http.ResponseWriter, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	writeError(w, http.StatusBadRequest, msg, []problem{{Msg: msg, Text: msg}})
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
}

// checkLimits returns the problems with running sc under the limits.
func (s *Server) checkLimits(sc *scenarios.Scenario) []string {
	lim := s.cfg.Limits
	var msgs []string
	if sc.Model != sim.ModelRural {
		msgs = append(msgs, fmt.Sprintf("meta.model: the classroom page runs the rural model only, not %q (hint: run it with `decentsim run`)", sc.Model))
	}
	if sc.Trials > lim.MaxTrials {
		msgs = append(msgs, fmt.Sprintf("meta.trials: %d trials is more than this server allows (%d) (hint: use fewer, or `decentsim run` for more)", sc.Trials, lim.MaxTrials))
	}
	if sc.Months > lim.MaxMonths {
		msgs = append(msgs, fmt.Sprintf("meta.months: %d months is more than this server allows (%d) (hint: use fewer, or `decentsim run` for more)", sc.Months, lim.MaxMonths))
	}
	if a := agents(&sc.Params); a > lim.MaxAgents {
		msgs = append(msgs, fmt.Sprintf("world.represent: the world would have %d citizen agents, more than this server allows (%d) (hint: raise world.represent to at least %d, or use `decentsim run`)",
			a, lim.MaxAgents, (sc.Params.World.Population+lim.MaxAgents-1)/lim.MaxAgents))
	}
	return msgs
}

// agents is the number of citizen agents the world will hold, about.
func agents(p *sim.Params) int {
	return p.World.Population / max(1, p.World.Represent)
}

func (s *Server) view(w http.ResponseWriter, sc *scenarios.Scenario) {
	if msgs := s.checkLimits(sc); len(msgs) > 0 && sc.Model != sim.ModelRural {
		badRequest(w, "%s", msgs[0])
		return
	}
	ls, err := leversOf(&sc.Params)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error(), nil)
		return
	}
	writeJSON(w, http.StatusOK, scenarioView{Name: sc.Name, Description: sc.Description,
		Trials: min(sc.Trials, s.cfg.Limits.MaxTrials), Months: min(sc.Months, s.cfg.Limits.MaxMonths),
		Seed: sc.Seed, Agents: agents(&sc.Params), Levers: ls})
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

// uploadName is the file name problems in an upload are reported under.
func uploadName(r *http.Request) string {
	name := path.Base(strings.ReplaceAll(r.URL.Query().Get("filename"), `\`, "/"))
	if name == "" || name == "." || name == "/" {
		return "upload.toml"
	}
	return name
}

// readBody reads at most the upload limit of r's body.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.Limits.MaxUpload))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge,
				fmt.Sprintf("the file is larger than this server accepts (%d KiB); a scenario file states only what differs, so it is small", s.cfg.Limits.MaxUpload>>10), nil)
		} else {
			badRequest(w, "could not read the request: %v", err)
		}
		return nil, false
	}
	return data, true
}

func (s *Server) uploadedScenario(w http.ResponseWriter, r *http.Request) {
	data, ok := s.readBody(w, r)
	if !ok {
		return
	}
	sc, err := scenarios.Parse(uploadName(r), data, nil)
	if err != nil {
		scenarioError(w, err)
		return
	}
	s.view(w, sc)
}

// runRequest is what the page sends to start a run.
type runRequest struct {
	Client   string         `json:"client"`
	Scenario string         `json:"scenario"` // an embedded scenario's name, or
	Source   string         `json:"source"`   // the text of an uploaded file
	Filename string         `json:"filename"` // and its name
	Levers   map[string]any `json:"levers"`
	Trials   int            `json:"trials"`
	Months   int            `json:"months"`
	Seed     *uint64        `json:"seed"`
}

func (s *Server) startRun(w http.ResponseWriter, r *http.Request) {
	data, ok := s.readBody(w, r)
	if !ok {
		return
	}
	var req runRequest
	if err := json.Unmarshal(data, &req); err != nil {
		badRequest(w, "the run request is not valid JSON: %v", err)
		return
	}
	var overrides []string
	for _, k := range slices.Sorted(mapKeys(req.Levers)) {
		o, err := leverOverride(k, req.Levers[k])
		if err != nil {
			badRequest(w, "%v", err)
			return
		}
		overrides = append(overrides, o)
	}
	lim := s.cfg.Limits
	if req.Trials < 1 || req.Trials > lim.MaxTrials {
		badRequest(w, "trials must be between 1 and %d, not %d", lim.MaxTrials, req.Trials)
		return
	}
	if req.Months < 1 || req.Months > lim.MaxMonths {
		badRequest(w, "months must be between 1 and %d, not %d", lim.MaxMonths, req.Months)
		return
	}
	overrides = append(overrides, "meta.trials="+strconv.Itoa(req.Trials), "meta.months="+strconv.Itoa(req.Months))
	if req.Seed != nil {
		overrides = append(overrides, "meta.seed="+strconv.FormatUint(*req.Seed, 10))
	}
	var sc *scenarios.Scenario
	var err error
	switch {
	case req.Source != "":
		name := path.Base(strings.ReplaceAll(req.Filename, `\`, "/"))
		if name == "" || name == "." || name == "/" {
			name = "upload.toml"
		}
		sc, err = scenarios.Parse(name, []byte(req.Source), overrides)
	case req.Scenario != "" && !strings.ContainsAny(req.Scenario, `/\.`):
		sc, err = scenarios.Resolve(req.Scenario, overrides)
	default:
		badRequest(w, "pick an embedded scenario or upload a scenario file")
		return
	}
	if err != nil {
		scenarioError(w, err)
		return
	}
	if msgs := s.checkLimits(sc); len(msgs) > 0 {
		ps := make([]problem, len(msgs))
		for i, m := range msgs {
			ps[i] = problem{Msg: m, Text: m}
		}
		writeError(w, http.StatusBadRequest, "the run is too large for this server", ps)
		return
	}
	rn, err := s.launch(req.Client, sc)
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, err.Error(), nil)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": rn.id, "name": sc.Name, "trials": sc.Trials, "months": sc.Months, "seed": sc.Seed})
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// launch starts a run of sc for client, cancelling the client's earlier
// runs still going, and evicting the oldest finished runs beyond the
// limit.
func (s *Server) launch(client string, sc *scenarios.Scenario) (*run, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	running := 0
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
	}
	if running >= s.cfg.Limits.MaxRunning {
		return nil, fmt.Errorf("the server is already running %d runs, its limit; try again when one has finished", running)
	}
	id := rand.Text()[:16]
	dir := filepath.Join(s.cfg.Dir, id)
	if err := output.Prepare(dir, false); err != nil {
		return nil, fmt.Errorf("cannot make the run's folder: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	rn := newRun(id, client, sc, dir, cancel, s.cfg.Now())
	s.runs[id] = rn
	s.order = append(s.order, id)
	s.evict()
	go rn.execute(ctx, s.cfg.Workers, s.cfg.Version)
	// A page that never starts watching (closed at once) cancels the run.
	time.AfterFunc(s.cfg.Limits.WatchTimeout, func() {
		rn.mu.Lock()
		unwatched := rn.version == 0 && rn.watchers == 0 && rn.state == stateRunning
		rn.mu.Unlock()
		if unwatched {
			rn.cancel()
		}
	})
	return rn, nil
}

// evict forgets the oldest finished runs beyond the limit and removes
// their folders. s.mu must be held.
func (s *Server) evict() {
	excess := len(s.order) - s.cfg.Limits.KeepRuns
	kept := s.order[:0]
	for _, id := range s.order {
		r := s.runs[id]
		if excess > 0 && !r.running() {
			excess--
			delete(s.runs, id)
			if err := os.RemoveAll(r.dir); err != nil {
				s.logf("removing %s: %v", r.dir, err)
			}
			continue
		}
		kept = append(kept, id)
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
// returns nil.
func (s *Server) finished(w http.ResponseWriter, req *http.Request) (*run, []string) {
	r := s.lookup(w, req)
	if r == nil {
		return nil, nil
	}
	r.mu.Lock()
	files, state := r.files, r.state
	r.mu.Unlock()
	if state == stateRunning {
		writeError(w, http.StatusConflict, "the run has not finished; its files are written when it ends", nil)
		return nil, nil
	}
	return r, files
}

func (s *Server) file(w http.ResponseWriter, req *http.Request) {
	r, files := s.finished(w, req)
	if r == nil {
		return
	}
	name := req.PathValue("file")
	if !slices.Contains(files, name) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("the run has no file %q", name), nil)
		return
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", downloadName(r, name)))
	http.ServeFile(w, req, filepath.Join(r.dir, filepath.FromSlash(name)))
}

// downloadName is the name a downloaded file is saved under: the scenario
// and the run in front of the file's own name, so downloads of several
// runs do not overwrite each other.
func downloadName(r *run, name string) string {
	return fmt.Sprintf("%s-%s-%s", r.scen.Name, r.id[:6], strings.ReplaceAll(name, "/", "-"))
}

func (s *Server) zipFiles(w http.ResponseWriter, req *http.Request) {
	r, files := s.finished(w, req)
	if r == nil {
		return
	}
	folder := fmt.Sprintf("%s-%s", r.scen.Name, r.id[:6])
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", folder+".zip"))
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
