// The comparison workloads in Go, idiomatic: goroutines, sync.WaitGroup, channels (unbuffered
// for the one-shot hand-off, buffered for queues and as a counting semaphore), time.Sleep.
//
// Usage: peer WORKLOAD N WARMUPS RUNS
// Prints the harness's line protocol: "run SECONDS" per measured run, then "rss_kb", "base_kb";
// or "na REASON".
package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

func spawn(n int) int64 {
	results := make([]chan int, n)
	for i := 0; i < n; i++ {
		c := make(chan int, 1)
		results[i] = c
		go func(v int) { c <- v }(i)
	}
	var sum int64
	for _, c := range results {
		sum += int64(<-c)
	}
	return sum
}

func pingPong(ping, pong chan int, n int) int64 {
	go func() {
		for i := 0; i < n; i++ {
			pong <- (<-ping) + 1
		}
	}()
	var sum int64
	for i := 0; i < n; i++ {
		ping <- i
		sum += int64(<-pong)
	}
	return sum
}

func semaphore(n int) int64 {
	sem := make(chan struct{}, 100)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			runtime.Gosched()
			<-sem
		}()
	}
	wg.Wait()
	return int64(n)
}

func producerConsumer(n int) int64 {
	q := make(chan int, 1024)
	go func() {
		for i := 0; i < n; i++ {
			q <- i
		}
	}()
	var sum int64
	for i := 0; i < n; i++ {
		sum += int64(<-q)
	}
	return sum
}

func sleep(n int) int64 {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer wg.Done()
			time.Sleep(time.Second)
		}()
	}
	wg.Wait()
	return int64(n)
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
	base := statusKb("VmRSS")
	workload := os.Args[1]
	n, _ := strconv.Atoi(os.Args[2])
	warmups, _ := strconv.Atoi(os.Args[3])
	runs, _ := strconv.Atoi(os.Args[4])
	var body func(int) int64
	switch workload {
	case "spawn":
		body = spawn
	case "promise-pingpong":
		body = func(n int) int64 { return pingPong(make(chan int), make(chan int), n) }
	case "queue-pingpong":
		body = func(n int) int64 { return pingPong(make(chan int, 1), make(chan int, 1), n) }
	case "semaphore":
		body = semaphore
	case "producer-consumer":
		body = producerConsumer
	case "sleep":
		body = sleep
	default:
		fmt.Println("na not written for this peer: " + workload)
		return
	}
	var check int64
	for i := 0; i < warmups; i++ {
		check += body(n)
		runtime.GC()
	}
	for i := 0; i < runs; i++ {
		t0 := time.Now()
		check += body(n)
		fmt.Printf("run %.6f\n", time.Since(t0).Seconds())
		runtime.GC()
	}
	fmt.Printf("rss_kb %d\nbase_kb %d\ncheck %d\n", statusKb("VmHWM"), base, check)
}
