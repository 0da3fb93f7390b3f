// The Go peer of the benchmark harness. Each workload lives in a file of this directory whose
// init() calls register(name, body); this file runs one of them per the harness's line protocol.
//
// Usage: go-peer --list
//
//	go-peer WORKLOAD N WARMUPS RUNS [SERVICE]
//
// Prints "supports ID" per workload for --list; else "run SECONDS" per measured run, then
// "rss_kb", "base_kb", "check"; or "na REASON".
package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A body runs a workload once at size n against the workload's service address ("" if none) and
// returns a checksum of the work done.
type body func(n int, service string) (int64, error)

var workloads = map[string]body{}

func register(name string, b body) {
	if _, dup := workloads[name]; dup {
		panic("workload registered twice: " + name)
	}
	workloads[name] = b
}

// sized adapts a body that needs neither a service nor errors.
func sized(f func(n int) int64) body {
	return func(n int, _ string) (int64, error) { return f(n), nil }
}

func statusKb(field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if strings.HasPrefix(line, field+":") {
			fs := strings.Fields(line)
			v, _ := strconv.ParseInt(fs[1], 10, 64)
			return v
		}
	}
	return -1
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "--list" {
		names := make([]string, 0, len(workloads))
		for name := range workloads {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			fmt.Println("supports " + name)
		}
		return
	}
	base := statusKb("VmRSS")
	run, ok := workloads[os.Args[1]]
	if !ok {
		fmt.Println("na not written for this peer: " + os.Args[1])
		return
	}
	n, _ := strconv.Atoi(os.Args[2])
	// WARMUPS: a count, or COUNT/SECONDS (at least COUNT runs, more until SECONDS have passed)
	warm := strings.SplitN(os.Args[3], "/", 2)
	warmups, _ := strconv.Atoi(warm[0])
	var warmFor time.Duration
	if len(warm) == 2 {
		s, _ := strconv.ParseFloat(warm[1], 64)
		warmFor = time.Duration(s * float64(time.Second))
	}
	runs, _ := strconv.Atoi(os.Args[4])
	service := ""
	if len(os.Args) > 5 {
		service = os.Args[5]
	}
	var check int64
	once := func() {
		c, err := run(n, service)
		if err != nil {
			fmt.Fprintln(os.Stderr, "workload failed:", err)
			os.Exit(1)
		}
		check += c
	}
	warmStart := time.Now()
	for i := 0; i < warmups || time.Since(warmStart) < warmFor; i++ {
		once()
		runtime.GC()
	}
	for i := 0; i < runs; i++ {
		t0 := time.Now()
		once()
		fmt.Printf("run %.6f\n", time.Since(t0).Seconds())
		runtime.GC()
	}
	fmt.Printf("rss_kb %d\nbase_kb %d\ncheck %d\n", statusKb("VmHWM"), base, check)
}
