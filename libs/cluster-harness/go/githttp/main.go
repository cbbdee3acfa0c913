// Command githttp serves the bare git repositories under a directory over git's smart HTTP
// protocol on 127.0.0.1, through the standard library's CGI handler and `git http-backend`.
// Flux's GitRepository accepts only http(s) and ssh URLs, so the seed scenario publishes here.
//
// Usage: githttp ROOT PORT_FILE [GIT_HTTP_BACKEND]
// It listens on a free port and writes the port number to PORT_FILE once it accepts connections.
package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/cgi"
	"os"
	"strconv"
)

func main() {
	if len(os.Args) < 3 || len(os.Args) > 4 {
		fmt.Fprintln(os.Stderr, "usage: githttp ROOT PORT_FILE [GIT_HTTP_BACKEND]")
		os.Exit(2)
	}
	root, portFile := os.Args[1], os.Args[2]
	backend := "/usr/lib/git-core/git-http-backend"
	if len(os.Args) == 4 {
		backend = os.Args[3]
	}
	if _, err := os.Stat(backend); err != nil {
		fmt.Fprintf(os.Stderr, "githttp: git http-backend not found at %s (install git)\n", backend)
		os.Exit(1)
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintf(os.Stderr, "githttp: cannot listen on 127.0.0.1: %v\n", err)
		os.Exit(1)
	}
	port := listener.Addr().(*net.TCPAddr).Port
	// Write to a temporary name and rename, so a reader never sees a half-written port.
	tmp := portFile + ".tmp"
	if err := os.WriteFile(tmp, []byte(strconv.Itoa(port)), 0o644); err == nil {
		err = os.Rename(tmp, portFile)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "githttp: cannot write the port to %s: %v\n", portFile, err)
		os.Exit(1)
	}
	handler := &cgi.Handler{
		Path: backend,
		Env:  []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"},
	}
	if err := http.Serve(listener, handler); err != nil {
		fmt.Fprintf(os.Stderr, "githttp: %v\n", err)
		os.Exit(1)
	}
}
