package main

func Example() {
	if err := run(); err != nil {
		panic(err)
	}
	// Output:
	// pty: one
	// pty: two
}
