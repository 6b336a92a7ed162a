package ledger_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/ipsh/ipsh/ledger"
)

// A session records what it creates, lists it, and removes it at the end,
// except what it was asked to keep.
func Example() {
	dir, err := os.MkdirTemp("", "ledger-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	l, err := ledger.New(ledger.Dir(dir)) // the ledger file goes to dir
	if err != nil {
		fmt.Println(err)
		return
	}
	scratch := filepath.Join(dir, "scratch")
	report := filepath.Join(dir, "report")
	for _, p := range []string{scratch, report} {
		if err := os.WriteFile(p, []byte("data\n"), 0o600); err != nil {
			fmt.Println(err)
			return
		}
	}
	l.Add(ledger.Object{Kind: ledger.TempFile, Name: scratch})
	l.Add(ledger.Object{Kind: ledger.TempFile, Name: report, Keep: true})

	for _, o := range l.List() {
		s, _ := o.State()
		fmt.Println(o.Handle, o.Kind, filepath.Base(o.Name), s, s.Mode, s.Size, o.Keep)
	}
	if err := l.Close(); err != nil { // removes scratch and the ledger file
		fmt.Println(err)
	}
	for _, p := range []string{scratch, report} {
		_, err := os.Stat(p)
		fmt.Println(filepath.Base(p), "exists:", err == nil)
	}
	// Output:
	// 1 tempfile scratch present -rw------- 5 false
	// 2 tempfile report present -rw------- 5 true
	// scratch exists: false
	// report exists: true
}

// CleanStale removes what sessions that died (killed with SIGKILL, say)
// left behind, and leaves alone the ledgers of sessions that still run,
// such as this one.
func ExampleCleanStale() {
	dir, err := os.MkdirTemp("", "ledger-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	l, err := ledger.New(ledger.Dir(dir))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	tmp := filepath.Join(dir, "tmp")
	os.WriteFile(tmp, nil, 0o600)
	if _, err := l.Add(ledger.Object{Kind: ledger.TempFile, Name: tmp}); err != nil {
		fmt.Println(err)
		return
	}

	removed, err := ledger.CleanStale(dir) // typically at startup, with dir ""
	fmt.Println(len(removed), err)
	_, err = os.Stat(tmp)
	fmt.Println("tmp exists:", err == nil)
	// Output:
	// 0 <nil>
	// tmp exists: true
}
