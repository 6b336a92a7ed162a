package engine

import (
	"sync"

	"github.com/ipsh/ipsh/ledger"
)

// sessionLedger is the record of the IPC objects a runner's session
// creates. It is made on first use, so a script that creates nothing
// writes no ledger file.
type sessionLedger struct {
	once sync.Once
	l    *ledger.Ledger
	err  error
	opts []ledger.Option
}

func (s *sessionLedger) get() (*ledger.Ledger, error) {
	s.once.Do(func() { s.l, s.err = ledger.New(s.opts...) })
	return s.l, s.err
}

// close removes every object not kept and the ledger file.
func (s *sessionLedger) close() error {
	var l *ledger.Ledger
	s.once.Do(func() {}) // no ledger is created at close
	l = s.l
	if l == nil {
		return nil
	}
	return l.Close()
}

// LedgerOptions configures the session's IPC ledger (for example
// ledger.Dir in tests, or ledger.Memory to keep no file).
func LedgerOptions(opts ...ledger.Option) Option {
	return func(r *Runner) error {
		r.shared.ledger.opts = opts
		return nil
	}
}

// Ledger returns the session's IPC ledger, creating it on first use.
// Builtins record the objects they create in it; the runner removes those
// not kept when it is closed.
func (c *Call) Ledger() (*ledger.Ledger, error) { return c.r.shared.ledger.get() }
