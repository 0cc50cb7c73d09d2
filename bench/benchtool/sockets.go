package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// sockets measures the live side: n subscribers each open a widget session and a socket.io
// socket (the raw frames @novu/headless and @novu/js exchange), the server's resident memory is
// read before and after, and then triggers go one at a time to one subscriber each, timed from
// just before the trigger request to the arrival of notification_received on that subscriber's
// socket. Bounded: at most 5 000 sockets and 10 000 triggers, every wait has a timeout.
//
//	benchtool sockets -url http://127.0.0.1:4710 -key KEY -n 1000 -triggers 500 -pid PID
func sockets(args []string) error {
	fs := flag.NewFlagSet("sockets", flag.ExitOnError)
	base := fs.String("url", "http://127.0.0.1:4710", "server URL (loopback)")
	key := fs.String("key", "nvmk_dev_00000000000000000000000000000000", "API key")
	n := fs.Int("n", 1000, "sockets (one subscriber each)")
	triggers := fs.Int("triggers", 500, "triggers, one at a time")
	pid := fs.Int("pid", 0, "the server's process id, for its resident memory (0: not measured)")
	_ = fs.Parse(args)
	if *n < 1 || *n > 5000 || *triggers < 1 || *triggers > 10000 {
		return errors.New("-n must be 1..5000 and -triggers 1..10000")
	}
	if err := loopbackOnly(*base); err != nil {
		return err
	}
	c := &http.Client{Timeout: 10 * time.Second}

	var me struct {
		Data struct {
			Identifier string `json:"identifier"`
		} `json:"data"`
	}
	if _, err := call(c, "GET", *base+"/v1/environments/me", *key, nil, &me); err != nil {
		return err
	}
	var groups struct {
		Data []struct {
			ID string `json:"_id"`
		} `json:"data"`
	}
	if _, err := call(c, "GET", *base+"/v1/notification-groups", *key, nil, &groups); err != nil || len(groups.Data) == 0 {
		return fmt.Errorf("notification groups: %v", err)
	}
	var wf struct {
		Data struct {
			Triggers []struct {
				Identifier string `json:"identifier"`
			} `json:"triggers"`
		} `json:"data"`
	}
	if _, err := call(c, "POST", *base+"/v1/workflows", *key, map[string]any{
		"name": "Live bench", "notificationGroupId": groups.Data[0].ID, "active": true,
		"steps": []any{map[string]any{"template": map[string]any{"type": "in_app", "content": "Order {{n}} shipped"}}},
	}, &wf); err != nil {
		return err
	}
	event := wf.Data.Triggers[0].Identifier

	// Sessions first, so the memory measured next is the sockets' alone.
	tokens := make([]string, *n)
	if err := parallel(*n, 16, func(i int) error {
		var s struct {
			Data struct {
				Token string `json:"token"`
			} `json:"data"`
		}
		_, err := call(c, "POST", *base+"/v1/widgets/session/initialize", "", map[string]any{
			"applicationIdentifier": me.Data.Identifier, "subscriberId": "live-" + strconv.Itoa(i)}, &s)
		tokens[i] = s.Data.Token
		return err
	}); err != nil {
		return err
	}

	rssBefore := rss(*pid)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	socks := make([]*benchSocket, *n)
	connectStart := time.Now()
	if err := parallel(*n, 32, func(i int) error {
		s, err := dialBenchSocket(ctx, *base, tokens[i])
		socks[i] = s
		return err
	}); err != nil {
		return err
	}
	connectTime := time.Since(connectStart)
	defer func() {
		for _, s := range socks {
			if s != nil {
				s.conn.Close(websocket.StatusNormalClosure, "")
			}
		}
	}()
	time.Sleep(500 * time.Millisecond) // the joins follow the CONNECT acknowledgements
	rssAfter := rss(*pid)

	lat := make([]time.Duration, 0, *triggers)
	for k := range *triggers {
		i := (k * 7919) % *n // spread over the sockets
		start := time.Now()
		if _, err := call(c, "POST", *base+"/v1/events/trigger", *key, map[string]any{
			"name": event, "to": "live-" + strconv.Itoa(i), "payload": map[string]any{"n": k}}, nil); err != nil {
			return err
		}
		select {
		case at := <-socks[i].received:
			lat = append(lat, at.Sub(start))
		case <-time.After(5 * time.Second):
			return fmt.Errorf("trigger %d: socket %d heard nothing within 5 s", k, i)
		}
	}
	slices.Sort(lat)
	q := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	stray := 0
	for _, s := range socks {
		stray += len(s.received)
	}
	fmt.Printf("| sockets | connect all | trigger → notification_received p50 | p99 | max | triggers | events at another socket | server RSS before → after | RSS per socket |\n")
	fmt.Printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	memCol, perCol := "not measured", "—"
	if rssBefore > 0 && rssAfter > 0 {
		memCol = fmt.Sprintf("%.1f → %.1f MB", float64(rssBefore)/(1<<20), float64(rssAfter)/(1<<20))
		perCol = fmt.Sprintf("%.1f kB", float64(rssAfter-rssBefore)/float64(*n)/1024)
	}
	fmt.Printf("| %d | %.0f ms | %.2f ms | %.2f ms | %.2f ms | %d | %d | %s | %s |\n",
		*n, float64(connectTime.Milliseconds()), q(0.50), q(0.99), float64(lat[len(lat)-1].Microseconds())/1000,
		len(lat), stray, memCol, perCol)
	return nil
}

// benchSocket is one socket.io client speaking raw frames; received gets the arrival time of
// each notification_received.
type benchSocket struct {
	conn     *websocket.Conn
	received chan time.Time
}

func dialBenchSocket(ctx context.Context, base, token string) (*benchSocket, error) {
	u := "ws" + strings.TrimPrefix(base, "http") + "/socket.io/?" +
		url.Values{"EIO": {"4"}, "transport": {"websocket"}, "token": {token}}.Encode()
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(dctx, u, nil)
	if err != nil {
		return nil, err
	}
	read := func() (string, error) {
		_, b, err := conn.Read(dctx)
		return string(b), err
	}
	if f, err := read(); err != nil || !strings.HasPrefix(f, "0{") {
		return nil, fmt.Errorf("open packet: %q %v", f, err)
	}
	if err := conn.Write(dctx, websocket.MessageText, []byte("40")); err != nil {
		return nil, err
	}
	if f, err := read(); err != nil || !strings.HasPrefix(f, "40{") {
		return nil, fmt.Errorf("connect: %q %v", f, err)
	}
	s := &benchSocket{conn: conn, received: make(chan time.Time, 16)}
	go func() {
		for {
			_, b, err := conn.Read(ctx)
			if err != nil {
				return
			}
			switch {
			case len(b) == 1 && b[0] == '2':
				_ = conn.Write(ctx, websocket.MessageText, []byte("3"))
			case strings.HasPrefix(string(b), `42["notification_received"`):
				select {
				case s.received <- time.Now():
				default:
				}
			}
		}
	}()
	return s, nil
}

// parallel runs f(0..n-1) on at most width goroutines and returns the first error.
func parallel(n, width int, f func(int) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	next := make(chan int)
	for range width {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := f(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}

// rss is a process's resident memory in bytes (VmRSS), 0 when unknown.
func rss(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// loopbackOnly refuses any address that is not this machine.
func loopbackOnly(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	switch u.Hostname() {
	case "127.0.0.1", "localhost", "::1":
		return nil
	}
	return fmt.Errorf("%s is not a loopback address", base)
}
