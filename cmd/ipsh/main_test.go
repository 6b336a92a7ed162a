package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary act as ipsh when IPSH_TEST_AS_SHELL is set,
// so tests run the real command without building it separately.
func TestMain(m *testing.M) {
	if os.Getenv("IPSH_TEST_AS_SHELL") == "1" {
		os.Unsetenv("IPSH_TEST_AS_SHELL")
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	testscript.Main(m, map[string]func(){
		"ipsh": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}
