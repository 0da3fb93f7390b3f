// The TCP workloads in Go, idiomatic: net.Listen and net.Dial, a goroutine per connection on
// each side, io.ReadFull for a whole response; one process runs the server and its clients.
package main

import (
	"errors"
	"io"
	"net"
	"sync"
)

const (
	echoConnections, echoSize                   = 100, 1024
	connsSize, connsRoundTrips, connsConnecting = 64, 10, 500
	streamSize                                  = 64 * 1024
)

func init() {
	register("tcp-echo", tcpEcho)
	register("tcp-echo-conns", tcpEchoConns)
	register("tcp-stream", tcpStream)
}

// serve accepts on a loopback port and runs handle per connection until the returned stop.
func serve(handle func(net.Conn)) (string, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				handle(c)
			}()
		}
	}()
	return l.Addr().String(), func() { l.Close(); wg.Wait() }, nil
}

func echo(c net.Conn) {
	buf := make([]byte, 65536)
	for {
		k, err := c.Read(buf)
		if k > 0 {
			if _, werr := c.Write(buf[:k]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// roundTrips writes size bytes and reads the whole echo, count times.
func roundTrips(c net.Conn, size, count int) error {
	message := make([]byte, size)
	for i := 0; i < count; i++ {
		if _, err := c.Write(message); err != nil {
			return err
		}
		if _, err := io.ReadFull(c, message); err != nil {
			return err
		}
	}
	return nil
}

// clients runs k client goroutines and returns the first error.
func clients(k int, client func() error) error {
	errs := make(chan error, k)
	for i := 0; i < k; i++ {
		go func() { errs <- client() }()
	}
	var first error
	for i := 0; i < k; i++ {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

func tcpEcho(n int, _ string) (int64, error) {
	addr, stop, err := serve(echo)
	if err != nil {
		return 0, err
	}
	defer stop()
	each := n / echoConnections
	err = clients(echoConnections, func() error {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return err
		}
		defer c.Close()
		return roundTrips(c, echoSize, each)
	})
	return int64(each * echoConnections), err
}

func tcpEchoConns(n int, _ string) (int64, error) {
	addr, stop, err := serve(echo)
	if err != nil {
		return 0, err
	}
	defer stop()
	connecting := make(chan struct{}, connsConnecting)
	var allDone sync.WaitGroup
	allDone.Add(n)
	err = clients(n, func() error {
		connecting <- struct{}{}
		c, err := net.Dial("tcp", addr)
		<-connecting
		if err != nil {
			allDone.Done()
			return err
		}
		defer c.Close()
		err = roundTrips(c, connsSize, connsRoundTrips)
		allDone.Done()
		allDone.Wait()
		return err
	})
	return int64(n * connsRoundTrips), err
}

func tcpStream(n int, _ string) (int64, error) {
	total := int64(n) * streamSize
	addr, stop, err := serve(func(c net.Conn) {
		buf := make([]byte, 65536)
		var received int64
		for received < total {
			k, err := c.Read(buf)
			received += int64(k)
			if err != nil {
				return
			}
		}
		c.Write([]byte{1})
	})
	if err != nil {
		return 0, err
	}
	defer stop()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	message := make([]byte, streamSize)
	for i := 0; i < n; i++ {
		if _, err := c.Write(message); err != nil {
			return 0, err
		}
	}
	answer := make([]byte, 1)
	if _, err := io.ReadFull(c, answer); err != nil {
		return 0, err
	}
	if answer[0] != 1 {
		return 0, errors.New("wrong answer from the server")
	}
	return total, nil
}
