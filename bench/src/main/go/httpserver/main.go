// The HTTP server of the harness's http-get workload: every peer's client hits this one server.
// Go's net/http keeps up with any of them on loopback (goroutine per connection, keep-alive), so
// the clients are what the workload compares. It answers every GET with the same 1 KiB body,
// prints "listening ADDRESS" once it accepts connections, and exits when its stdin closes (the
// harness went away).
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
)

func main() {
	body := []byte(strings.Repeat("x", 1024))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "listen:", err)
		os.Exit(1)
	}
	go func() {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	fmt.Printf("listening %s\n", ln.Addr())
	length := strconv.Itoa(len(body))
	err = http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", length)
		w.Write(body)
	}))
	fmt.Fprintln(os.Stderr, "serve:", err)
	os.Exit(1)
}
