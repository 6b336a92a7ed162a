package ipcclean

import (
	"testing"

	"github.com/ipsh/ipsh/examples/internal/exampletest"
)

func TestMain(m *testing.M) { exampletest.Main(m) }

// runScript runs "ipsh SCRIPT ARGS..." with the test binary as ipsh, in a
// private IPC namespace (see exampletest.RunScript).
func runScript(t *testing.T, script string, args ...string) string {
	t.Helper()
	return exampletest.RunScript(t, script, args...)
}
