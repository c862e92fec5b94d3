// gocheck exercises the parts of the Go runtime that stress a user-mode
// emulator: many threads (Ms) parked on futexes, goroutine scheduling over
// channels, asynchronous preemption by SIGURG sent with tgkill to a thread
// spinning in a loop with no calls in it, timers driven by the netpoller
// (epoll + pipe2/eventfd), fork+exec of a child through os/exec, signal
// delivery through os/signal, and the garbage collector.
//
// Every line it prints is deterministic so the test can compare exactly.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 {
		child(os.Args[1:])
		return
	}
	channels()
	preemption()
	timers()
	subprocess()
	signals()
	garbage()
	fmt.Println("all ok")
}

// child is what the os/exec checks run: the same binary re-executed.
func child(args []string) {
	switch args[0] {
	case "echo":
		fmt.Println(strings.Join(args[1:], " "))
	case "true":
	case "exit":
		os.Exit(7)
	case "preempt":
		// Alone, for the test's control run under GODEBUG=asyncpreemptoff=1,
		// which must hang: it shows the spinner needs asynchronous preemption.
		preemption()
	case "stdin":
		buf := make([]byte, 64)
		n, _ := os.Stdin.Read(buf)
		fmt.Printf("child read %q\n", buf[:n])
	}
}

// channels: a pipeline of 100 goroutines passing a token, plus a fan-in.
func channels() {
	const stages = 100
	first := make(chan int)
	in := first
	for i := 0; i < stages; i++ {
		out := make(chan int)
		go func(in <-chan int, out chan<- int) {
			for v := range in {
				out <- v + 1
			}
			close(out)
		}(in, out)
		in = out
	}
	go func() {
		for i := 0; i < 50; i++ {
			first <- i
		}
		close(first)
	}()
	sum := 0
	for v := range in {
		sum += v
	}
	fmt.Println("pipeline sum", sum)

	var wg sync.WaitGroup
	var mu sync.Mutex
	results := make(chan int, 8)
	seen := map[int]bool{}
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				results <- w*100 + j
			}
		}(w)
	}
	go func() { wg.Wait(); close(results) }()
	for r := range results {
		mu.Lock()
		seen[r] = true
		mu.Unlock()
	}
	fmt.Println("fan-in distinct", len(seen))
}

// spin never calls a function and never allocates, so the compiler inserts
// no preemption check: only an asynchronous preemption signal can take the
// CPU away from it.
//
//go:noinline
func spin(stop *int32) uint64 {
	var n uint64
	for atomic.LoadInt32(stop) == 0 {
		n++
	}
	return n
}

// preemption: with one P, the spinning goroutine holds the only P until the
// runtime preempts it with SIGURG; the main goroutine then runs, sees the
// timer fire and stops the spinner.
func preemption() {
	old := runtime.GOMAXPROCS(1)
	var stop int32
	done := make(chan uint64)
	go func() { done <- spin(&stop) }()
	runtime.Gosched() // let the spinner start and occupy the P
	time.Sleep(20 * time.Millisecond)
	atomic.StoreInt32(&stop, 1)
	n := <-done
	runtime.GOMAXPROCS(old)
	fmt.Println("preempted spinner:", n > 0)
}

func timers() {
	start := time.Now()
	t := time.NewTimer(30 * time.Millisecond)
	<-t.C
	tk := time.NewTicker(5 * time.Millisecond)
	ticks := 0
	for range tk.C {
		ticks++
		if ticks == 5 {
			break
		}
	}
	tk.Stop()
	select {
	case <-time.After(10 * time.Millisecond):
		fmt.Println("time.After fired")
	case <-time.After(10 * time.Second):
		fmt.Println("time.After: wrong timer")
	}
	stopped := time.AfterFunc(time.Hour, func() {}).Stop()
	el := time.Since(start)
	fmt.Println("timer ticks", ticks, "stopped", stopped, "elapsed>=55ms", el >= 55*time.Millisecond)
}

func subprocess() {
	self, err := os.Executable()
	if err != nil {
		fmt.Println("os.Executable:", err)
		return
	}
	out, err := exec.Command(self, "echo", "hello", "from", "child").Output()
	fmt.Printf("child stdout %q err %v\n", out, err)
	err = exec.Command(self, "true").Run()
	fmt.Println("child true err", err)
	err = exec.Command(self, "exit").Run()
	if ee, ok := err.(*exec.ExitError); ok {
		fmt.Println("child exit code", ee.ExitCode())
	} else {
		fmt.Println("child exit: unexpected", err)
	}
	cmd := exec.Command(self, "stdin")
	cmd.Stdin = strings.NewReader("piped input")
	out, err = cmd.CombinedOutput()
	fmt.Printf("%s", out)
	// Several children at once from different goroutines (and so threads).
	var wg sync.WaitGroup
	outs := make([]string, 8)
	for i := range outs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			o, err := exec.Command(self, "echo", fmt.Sprint("n", i)).Output()
			if err != nil {
				outs[i] = err.Error()
				return
			}
			outs[i] = strings.TrimSpace(string(o))
		}(i)
	}
	wg.Wait()
	sort.Strings(outs)
	fmt.Println("parallel children", strings.Join(outs, ","))
}

func signals() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	if err := syscall.Kill(os.Getpid(), syscall.SIGUSR1); err != nil {
		fmt.Println("kill:", err)
		return
	}
	select {
	case s := <-c:
		fmt.Println("got signal", s)
	case <-time.After(5 * time.Second):
		fmt.Println("signal not delivered")
	}
	signal.Stop(c)
}

type node struct {
	next *node
	data [16]uint64
}

func garbage() {
	var keep *node
	// 64-bit on every GOARCH: the sum passes 2^31, and arm's int is 32-bit.
	var total uint64
	for round := 0; round < 20; round++ {
		var head *node
		for i := 0; i < 20000; i++ {
			n := &node{next: head}
			n.data[0] = uint64(i)
			head = n
		}
		for n := head; n != nil; n = n.next {
			total += n.data[0]
		}
		if round%5 == 0 {
			keep = &node{next: keep}
		}
		_ = make([]byte, 1<<20)
		runtime.GC()
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	kept := 0
	for n := keep; n != nil; n = n.next {
		kept++
	}
	fmt.Println("gc total", total, "kept", kept, "gc cycles>=20", ms.NumGC >= 20)
}
