package builtins

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/ipsh/ipsh/engine"
	"github.com/ipsh/ipsh/ledger"
	"github.com/ipsh/ipsh/signals"
	"github.com/ipsh/ipsh/sockets"
)

// sockConnect: sock connect [-v VAR] [-t SECS] ADDR
func sockConnect(ctx context.Context, c *engine.Call, s *sockCmd) error {
	if len(s.args) != 1 {
		return sockUsage(c, s, "want one address")
	}
	if err := s.varOpts("v"); err != nil {
		return sockUsage(c, s, "%v", err)
	}
	a, err := parseAddr(s.args[0])
	if err != nil {
		return badInput(c, err)
	}
	dctx, cancel, err := s.timeout(ctx)
	if err != nil {
		return sockUsage(c, s, "%v", err)
	}
	defer cancel()
	f, err := sockets.Dial(dctx, a)
	if err != nil {
		return sockFail(c, err)
	}
	n, err := c.AddFile(f)
	if err != nil {
		return sockFail(c, fmt.Errorf("connect %s: %v", a, err))
	}
	return setOrPrint(c, s, "v", strconv.Itoa(n))
}

// sockListen: sock listen [-v VAR] [-a ADDRVAR] [-b BACKLOG] [-m MODE] ADDR
func sockListen(ctx context.Context, c *engine.Call, s *sockCmd) error {
	if len(s.args) != 1 {
		return sockUsage(c, s, "want one address")
	}
	if err := s.varOpts("v", "a"); err != nil {
		return sockUsage(c, s, "%v", err)
	}
	opts, err := s.listenOptions()
	if err != nil {
		return sockUsage(c, s, "%v", err)
	}
	a, err := parseAddr(s.args[0])
	if err != nil {
		return badInput(c, err)
	}
	l, err := sockets.Listen(ctx, a, opts)
	if err != nil {
		return sockFail(c, err)
	}
	if _, err := record(c, l); err != nil {
		l.Close()
		return sockFail(c, err)
	}
	bound := l.Addr().String()
	n, err := c.AddFile(l.File())
	if err != nil {
		l.Close()
		return sockFail(c, fmt.Errorf("listen %s: %v", a, err))
	}
	if name, ok := s.opts["a"]; ok {
		if err := c.SetVar(name, bound); err != nil {
			return sockFail(c, fmt.Errorf("listen: %v", err))
		}
	}
	return setOrPrint(c, s, "v", strconv.Itoa(n))
}

func (s *sockCmd) listenOptions() (sockets.ListenOptions, error) {
	var o sockets.ListenOptions
	var err error
	if o.Backlog, err = s.intOpt("b", 0, 1<<20); err != nil {
		return o, err
	}
	if o.Mode, err = s.modeOpt(); err != nil {
		return o, err
	}
	return o, nil
}

// record puts the socket path l created, if any, in the session's ledger,
// so that it is removed when the session ends. It returns the handle, 0
// when there is no path.
func record(c *engine.Call, l *sockets.Listener) (ledger.Handle, error) {
	cp, ok := l.Created()
	if !ok {
		return 0, nil
	}
	led, err := c.Ledger()
	if err != nil {
		return 0, fmt.Errorf("listen %s: session ledger: %v", l.Addr(), err)
	}
	h, err := led.Add(ledger.Object{Kind: ledger.Socket, Name: cp.Path, Dev: cp.Dev, Ino: cp.Ino})
	if h == 0 {
		return 0, fmt.Errorf("listen %s: session ledger: %v", l.Addr(), err)
	}
	// A handle with an error means the ledger file could not be
	// written; the path is still removed when the session ends.
	return h, nil
}

// sockAccept: sock accept [-v VAR] [-p PEERVAR] [-t SECS] LISTENFD
func sockAccept(ctx context.Context, c *engine.Call, s *sockCmd) error {
	if err := s.varOpts("v", "p"); err != nil {
		return sockUsage(c, s, "%v", err)
	}
	var fdText string
	switch {
	case len(s.args) == 1 && !s.has("u"):
		fdText = s.args[0]
	case len(s.args) == 0 && s.has("u"):
		fdText = s.opts["u"]
	default:
		return sockUsage(c, s, "want one listening fd")
	}
	n, err := fdArg("listening fd", fdText)
	if err != nil {
		return sockUsage(c, s, "%v", err)
	}
	actx, cancel, err := s.timeout(ctx)
	if err != nil {
		return sockUsage(c, s, "%v", err)
	}
	defer cancel()
	ln, err := sockFile(c, "accept", n)
	if err != nil {
		return sockFail(c, err)
	}
	conn, peer, err := sockets.Accept(actx, ln)
	if err != nil {
		return sockFail(c, err)
	}
	cn, err := c.AddFile(conn)
	if err != nil {
		return sockFail(c, fmt.Errorf("accept fd %d: %v", n, err))
	}
	if name, ok := s.opts["p"]; ok {
		if err := c.SetVar(name, peer.String()); err != nil {
			return sockFail(c, fmt.Errorf("accept: %v", err))
		}
	}
	return setOrPrint(c, s, "v", strconv.Itoa(cn))
}

// sockServe: sock serve [-c MAXCONN] [-n COUNT] [-b BACKLOG] [-m MODE]
// ADDR|-u FD -- CMD [ARG...]
func sockServe(ctx context.Context, c *engine.Call, s *sockCmd) error {
	args := s.args
	var addrText string
	if !s.has("u") {
		if len(args) == 0 {
			return sockUsage(c, s, "want an address and a command")
		}
		addrText, args = args[0], args[1:]
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		return sockUsage(c, s, "want a command to run for each connection")
	}
	var opts sockets.ServeOptions
	var err error
	if opts.MaxConn, err = s.intOpt("c", 0, 1<<20); err != nil {
		return sockUsage(c, s, "%v", err)
	}
	if opts.Count, err = s.intOpt("n", 0, 1<<62); err != nil {
		return sockUsage(c, s, "%v", err)
	}
	lopts, err := s.listenOptions()
	if err != nil {
		return sockUsage(c, s, "%v", err)
	}

	var ln *os.File
	if s.has("u") {
		if s.has("b") || s.has("m") {
			return sockUsage(c, s, "-b and -m apply to an address, not to -u FD")
		}
		n, err := s.fdOpt(-1)
		if err != nil {
			return sockUsage(c, s, "%v", err)
		}
		if ln, err = sockFile(c, "serve", n); err != nil {
			return sockFail(c, err)
		}
	} else {
		a, err := parseAddr(addrText)
		if err != nil {
			return badInput(c, err)
		}
		if a.IsDatagram() {
			return badInput(c, &sockets.Error{Op: "serve", Subject: a.String(), Err: errors.New("datagram sockets have no connections to serve")})
		}
		l, err := sockets.Listen(ctx, a, lopts)
		if err != nil {
			return sockFail(c, err)
		}
		h, err := record(c, l)
		if err != nil {
			l.Close()
			return sockFail(c, err)
		}
		defer func() {
			l.Close()
			if h != 0 {
				if led, err := c.Ledger(); err == nil {
					led.Forget(h)
				}
			}
		}()
		ln = l.File()
	}

	// SIGTERM stops accepting, as cancelling ctx does.
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sig := make(chan os.Signal, 1)
	stop := signals.Notify(sig, syscall.SIGTERM)
	defer stop()
	termed := make(chan struct{})
	watchDone := make(chan struct{})
	// So does a signal the script traps: its trap runs once serve returns.
	trapped, stopTraps := c.TrapArrivals()
	defer stopTraps()
	var trapSig syscall.Signal
	go func() {
		defer close(watchDone)
		select {
		case <-sig:
			close(termed)
			cancel()
		case trapSig = <-trapped:
			cancel()
		case <-sctx.Done():
		}
	}()
	defer func() { cancel(); <-watchDone }()

	opts.HandlerContext = context.WithoutCancel(ctx)
	opts.OnError = func(peer sockets.Addr, err error) {
		var st engine.ExitStatus
		if !errors.As(err, &st) {
			fmt.Fprintf(c.Stderr(), "sock: serve %s: %v\n", peer, err)
		}
	}
	err = sockets.Serve(sctx, ln, opts, func(hctx context.Context, conn *os.File) (err error) {
		// A handler runs in its own goroutine, out of the engine's reach:
		// a panic in it must not take the shell down.
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("internal error: %v", p)
			}
		}()
		env := handlerEnv(conn)
		files := map[int]*os.File{0: conn, 1: conn}
		return c.RunEnv(hctx, args, files, env)
	})
	cancel()
	<-watchDone
	select {
	case <-termed:
		return engine.ExitStatus(128 + int(syscall.SIGTERM))
	default:
	}
	if trapSig != 0 {
		return engine.ExitStatus(128 + int(trapSig))
	}
	if err != nil {
		if ctx.Err() != nil {
			return engine.ExitStatus(130)
		}
		return sockFail(c, err)
	}
	return nil
}

// handlerEnv describes the peer of conn for a serve handler.
func handlerEnv(conn *os.File) []string {
	p, err := sockets.Peer(conn)
	if err != nil {
		return nil
	}
	env := []string{"SOCK_PEER=" + p.Addr.String()}
	if p.HasCred {
		env = append(env,
			"SOCK_PEER_PID="+strconv.Itoa(p.PID),
			"SOCK_PEER_UID="+strconv.Itoa(p.UID),
			"SOCK_PEER_GID="+strconv.Itoa(p.GID))
	}
	return env
}

// sockSend: sock send [-t SECS] [-u FD | ADDR] [--to ADDR] [DATA]
func sockSend(ctx context.Context, c *engine.Call, s *sockCmd) error {
	args := s.args
	var f *os.File
	var dial *sockets.Addr
	if s.has("u") {
		n, err := s.fdOpt(-1)
		if err != nil {
			return sockUsage(c, s, "%v", err)
		}
		if len(args) > 1 {
			return sockUsage(c, s, "want at most one DATA operand (quote it)")
		}
		if f, err = sockFile(c, "send", n); err != nil {
			return sockFail(c, err)
		}
	} else {
		if len(args) == 0 || len(args) > 2 {
			return sockUsage(c, s, "want -u FD or an address, then at most one DATA operand")
		}
		a, err := parseAddr(args[0])
		if err != nil {
			return badInput(c, err)
		}
		if s.has("to") {
			return sockUsage(c, s, "--to applies to -u FD; give the destination as ADDR")
		}
		dial, args = &a, args[1:]
	}
	var to *sockets.Addr
	if v, ok := s.opts["to"]; ok {
		a, err := parseAddr(v)
		if err != nil {
			return badInput(c, err)
		}
		to = &a
	}
	var data []byte
	if len(args) == 1 {
		data = []byte(args[0])
	} else {
		in := c.Stdin()
		if in == nil {
			return sockFail(c, errors.New("send: no DATA and stdin is closed"))
		}
		var err error
		if data, err = io.ReadAll(in); err != nil {
			return sockFail(c, fmt.Errorf("send: read stdin: %v", err))
		}
	}
	sctx, cancel, err := s.timeout(ctx)
	if err != nil {
		return sockUsage(c, s, "%v", err)
	}
	defer cancel()
	if dial != nil {
		if f, err = sockets.Dial(sctx, *dial); err != nil {
			return sockFail(c, err)
		}
		defer f.Close()
	}
	if err := sockets.Send(sctx, f, data, to); err != nil {
		return sockFail(c, err)
	}
	return nil
}

// sockRecv: sock recv [-u FD] [-t SECS] [-s SIZE] [-v VAR] [--from VAR]
// [--cred VAR]
func sockRecv(ctx context.Context, c *engine.Call, s *sockCmd) error {
	if len(s.args) != 0 {
		return sockUsage(c, s, "unexpected operand %q", s.args[0])
	}
	if err := s.varOpts("v", "from", "cred"); err != nil {
		return sockUsage(c, s, "%v", err)
	}
	n, err := s.fdOpt(0)
	if err != nil {
		return sockUsage(c, s, "%v", err)
	}
	size, err := s.intOpt("s", 0, 1<<26)
	if err != nil {
		return sockUsage(c, s, "%v", err)
	}
	rctx, cancel, err := s.timeout(ctx)
	if err != nil {
		return sockUsage(c, s, "%v", err)
	}
	defer cancel()
	f, err := sockFile(c, "recv", n)
	if err != nil {
		return sockFail(c, err)
	}
	m, err := sockets.RecvMsg(rctx, f, sockets.RecvOptions{Size: size, Cred: s.has("cred")})
	switch {
	case errors.Is(err, io.EOF):
		return engine.ExitStatus(1)
	case errors.Is(err, sockets.ErrTimeout) && ctx.Err() == nil:
		return engine.ExitStatus(128 + int(syscall.SIGALRM))
	case err != nil:
		return sockFail(c, err)
	}
	if name, ok := s.opts["from"]; ok {
		if err := c.SetVar(name, m.From.String()); err != nil {
			return sockFail(c, fmt.Errorf("recv: %v", err))
		}
	}
	if name, ok := s.opts["cred"]; ok {
		var cred []string
		if m.HasCred {
			cred = []string{strconv.Itoa(m.PID), strconv.Itoa(m.UID), strconv.Itoa(m.GID)}
		}
		if err := c.SetArray(name, cred); err != nil {
			return sockFail(c, fmt.Errorf("recv: %v", err))
		}
	}
	if name, ok := s.opts["v"]; ok {
		if err := c.SetVar(name, string(m.Data)); err != nil {
			return sockFail(c, fmt.Errorf("recv: %v", err))
		}
	} else if _, err := c.Stdout().Write(m.Data); err != nil {
		return err
	}
	if m.Truncated {
		return sockFail(c, &sockets.Error{Op: "recv", Subject: "fd " + strconv.Itoa(n), Err: fmt.Errorf("%w to %d bytes", sockets.ErrTruncated, len(m.Data))})
	}
	return nil
}

// sockShutdown: sock shutdown -u FD r|w|rw
func sockShutdown(ctx context.Context, c *engine.Call, s *sockCmd) error {
	n, err := s.fdOpt(-1)
	if err != nil {
		return sockUsage(c, s, "%v", err)
	}
	if len(s.args) != 1 {
		return sockUsage(c, s, "want one direction: r, w or rw")
	}
	how, err := sockets.ParseHow(s.args[0])
	if err != nil {
		return sockUsage(c, s, "%q: want r, w or rw", s.args[0])
	}
	f, err := sockFile(c, "shutdown", n)
	if err != nil {
		return sockFail(c, err)
	}
	if err := sockets.Shutdown(f, how); err != nil {
		return sockFail(c, err)
	}
	return nil
}

// peerJSON is the --json form of sock peer.
type peerJSON struct {
	FD   int    `json:"fd"`
	Addr string `json:"addr"`
	PID  *int   `json:"pid,omitempty"`
	UID  *int   `json:"uid,omitempty"`
	GID  *int   `json:"gid,omitempty"`
}

// sockPeer: sock peer [-u FD] [-v VAR] [--json]
func sockPeer(ctx context.Context, c *engine.Call, s *sockCmd) error {
	if len(s.args) != 0 {
		return sockUsage(c, s, "unexpected operand %q", s.args[0])
	}
	if err := s.varOpts("v"); err != nil {
		return sockUsage(c, s, "%v", err)
	}
	n, err := s.fdOpt(0)
	if err != nil {
		return sockUsage(c, s, "%v", err)
	}
	f, err := sockFile(c, "peer", n)
	if err != nil {
		return sockFail(c, err)
	}
	p, err := sockets.Peer(f)
	if err != nil {
		return sockFail(c, &sockets.Error{Op: "peer", Subject: "fd " + strconv.Itoa(n), Err: errors.Unwrap(err)})
	}
	if name, ok := s.opts["v"]; ok {
		vals := []string{p.Addr.String()}
		if p.HasCred {
			vals = append(vals, strconv.Itoa(p.PID), strconv.Itoa(p.UID), strconv.Itoa(p.GID))
		}
		if err := c.SetArray(name, vals); err != nil {
			return sockFail(c, fmt.Errorf("peer: %v", err))
		}
		return nil
	}
	if s.has("json") {
		j := peerJSON{FD: n, Addr: p.Addr.String()}
		if p.HasCred {
			j.PID, j.UID, j.GID = &p.PID, &p.UID, &p.GID
		}
		return writeJSON(c, j)
	}
	line := p.Addr.String()
	if p.HasCred {
		line += fmt.Sprintf(" pid=%d uid=%d gid=%d", p.PID, p.UID, p.GID)
	}
	_, err = io.WriteString(c.Stdout(), line+"\n")
	return err
}

func writeJSON(c *engine.Call, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return sockFail(c, err)
	}
	_, err = c.Stdout().Write(append(b, '\n'))
	return err
}

// sockSendFD: sock sendfd [-t SECS] -u FD FD2...
func sockSendFD(ctx context.Context, c *engine.Call, s *sockCmd) error {
	n, err := s.fdOpt(-1)
	if err != nil {
		return sockUsage(c, s, "%v", err)
	}
	if len(s.args) == 0 {
		return sockUsage(c, s, "want the fds to pass")
	}
	if len(s.args) > 253 {
		return sockUsage(c, s, "at most 253 fds at once")
	}
	var files []*os.File
	for _, a := range s.args {
		m, err := fdArg("fd", a)
		if err != nil {
			return sockUsage(c, s, "%v", err)
		}
		f, err := sockFile(c, "sendfd", m)
		if err != nil {
			return sockFail(c, err)
		}
		files = append(files, f)
	}
	sctx, cancel, err := s.timeout(ctx)
	if err != nil {
		return sockUsage(c, s, "%v", err)
	}
	defer cancel()
	f, err := sockFile(c, "sendfd", n)
	if err != nil {
		return sockFail(c, err)
	}
	if err := sockets.SendFD(sctx, f, files...); err != nil {
		return sockFail(c, err)
	}
	return nil
}

// sockRecvFD: sock recvfd [-t SECS] -u FD [-v VAR]
func sockRecvFD(ctx context.Context, c *engine.Call, s *sockCmd) error {
	if len(s.args) != 0 {
		return sockUsage(c, s, "unexpected operand %q", s.args[0])
	}
	if err := s.varOpts("v"); err != nil {
		return sockUsage(c, s, "%v", err)
	}
	n, err := s.fdOpt(-1)
	if err != nil {
		return sockUsage(c, s, "%v", err)
	}
	rctx, cancel, err := s.timeout(ctx)
	if err != nil {
		return sockUsage(c, s, "%v", err)
	}
	defer cancel()
	f, err := sockFile(c, "recvfd", n)
	if err != nil {
		return sockFail(c, err)
	}
	files, err := sockets.RecvFD(rctx, f)
	switch {
	case errors.Is(err, io.EOF):
		return engine.ExitStatus(1)
	case errors.Is(err, sockets.ErrTimeout) && ctx.Err() == nil:
		return engine.ExitStatus(128 + int(syscall.SIGALRM))
	case err != nil:
		return sockFail(c, err)
	}
	var fds []string
	for i, rf := range files {
		m, err := c.AddFile(rf) // AddFile closes rf on failure
		if err != nil {
			for _, rest := range files[i+1:] {
				rest.Close()
			}
			return sockFail(c, fmt.Errorf("recvfd fd %d: %v", n, err))
		}
		fds = append(fds, strconv.Itoa(m))
	}
	if name, ok := s.opts["v"]; ok {
		if err := c.SetArray(name, fds); err != nil {
			return sockFail(c, fmt.Errorf("recvfd: %v", err))
		}
		return nil
	}
	_, err = io.WriteString(c.Stdout(), strings.Join(fds, " ")+"\n")
	return err
}

// sockEntry is one line of sock ls.
type sockEntry struct {
	FD      int    `json:"fd"` // -1 for a path with no fd in this shell
	Network string `json:"network"`
	Family  string `json:"family,omitempty"`
	Type    string `json:"type,omitempty"`
	State   string `json:"state"` // listening, connected, bound, unbound, path
	Local   string `json:"local"`
	Peer    string `json:"peer,omitempty"`
}

// sockList: sock ls [--json]
func sockList(ctx context.Context, c *engine.Call, s *sockCmd) error {
	if len(s.args) != 0 {
		return sockUsage(c, s, "unexpected operand %q", s.args[0])
	}
	files := c.Files()
	fds := make([]int, 0, len(files))
	for n := range files {
		fds = append(fds, n)
	}
	sort.Ints(fds)
	entries := []sockEntry{}
	seen := map[string]bool{}
	for _, n := range fds {
		info, err := sockets.Describe(files[n])
		if err != nil {
			continue // not a socket
		}
		e := sockEntry{FD: n, Network: info.Network, Family: info.Family, Type: info.Type, Local: info.Local.String(), Peer: info.Peer.String()}
		if e.Network == "" {
			e.Network = info.Family + "/" + info.Type
		}
		switch {
		case info.Listening:
			e.State = "listening"
		case info.Peer != (sockets.Addr{}):
			e.State = "connected"
		case info.Local.Path != "" || info.Local.Port != 0:
			e.State = "bound"
		default:
			e.State = "unbound"
		}
		if info.Local.Path != "" {
			seen[info.Local.Path] = true
		}
		entries = append(entries, e)
	}
	if led, err := c.Ledger(); err == nil {
		for _, o := range led.List() {
			if o.Kind != ledger.Socket || seen[o.Name] {
				continue
			}
			if st, err := o.State(); err != nil || !st.Exists {
				continue
			}
			entries = append(entries, sockEntry{FD: -1, Network: "unix", State: "path", Local: "unix:" + o.Name})
		}
	}
	if s.has("json") {
		return writeJSON(c, entries)
	}
	tw := tabwriter.NewWriter(c.Stdout(), 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FD\tNETWORK\tSTATE\tLOCAL\tPEER")
	for _, e := range entries {
		fd, peer := strconv.Itoa(e.FD), e.Peer
		if e.FD < 0 {
			fd = "-"
		}
		if peer == "" {
			peer = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", fd, e.Network, e.State, e.Local, peer)
	}
	return tw.Flush()
}
