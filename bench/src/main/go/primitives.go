// The task and primitive workloads in Go, idiomatic: goroutines, sync.WaitGroup, channels
// (unbuffered for the one-shot hand-off, buffered for queues and as a counting semaphore),
// time.Sleep.
package main

import (
	"runtime"
	"sync"
	"time"
)

func init() {
	register("spawn", sized(spawn))
	register("promise-pingpong", sized(func(n int) int64 { return pingPong(make(chan int), make(chan int), n) }))
	register("queue-pingpong", sized(func(n int) int64 { return pingPong(make(chan int, 1), make(chan int, 1), n) }))
	register("semaphore", sized(semaphore))
	register("producer-consumer", sized(producerConsumer))
	register("sleep-100k", sized(sleep))
	register("sleep-1m", sized(sleep))
}

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
