package mockserver_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const socketWait = 5 * time.Second

// liveSocket is a raw Socket.IO client over the fake's /socket.io/ endpoint. A goroutine reads
// its frames (a websocket read that times out would close the connection).
type liveSocket struct {
	t      *testing.T
	conn   *websocket.Conn
	frames chan string // closed when the connection ends
}

// socketURL is the websocket URL of the fake with the given extra query.
func (f *fake) socketURL(query url.Values) string {
	q := url.Values{"EIO": {"4"}, "transport": {"websocket"}}
	for k, v := range query {
		q[k] = v
	}
	return "ws" + strings.TrimPrefix(f.URL, "http") + "/socket.io/?" + q.Encode()
}

// openSocket connects and completes CONNECT with auth ("" for none).
func (k *dkit) openSocket(query url.Values, auth string) *liveSocket {
	k.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), socketWait)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, k.f.socketURL(query), nil)
	require.NoError(k.t, err)
	k.t.Cleanup(func() { conn.CloseNow() })
	s := &liveSocket{t: k.t, conn: conn, frames: make(chan string, 64)}
	go func() {
		defer close(s.frames)
		for {
			_, b, err := conn.Read(context.Background())
			if err != nil {
				return
			}
			s.frames <- string(b)
		}
	}()
	require.True(k.t, strings.HasPrefix(s.frame(), "0{"), "open packet")
	s.send("40" + auth)
	require.True(k.t, strings.HasPrefix(s.frame(), "40{"), "CONNECT acknowledged")
	return s
}

// subscribe opens a socket with the subscriber's session token in the query.
func (k *dkit) subscribe(subscriberID string) *liveSocket {
	k.t.Helper()
	token := strings.TrimPrefix(k.as(subscriberID).auth, "Bearer ")
	return k.openSocket(url.Values{"token": {token}}, "")
}

func (s *liveSocket) frame() string {
	s.t.Helper()
	select {
	case f, ok := <-s.frames:
		require.True(s.t, ok, "the connection closed")
		return f
	case <-time.After(socketWait):
		require.FailNow(s.t, "no frame within "+socketWait.String())
		return ""
	}
}

func (s *liveSocket) send(frame string) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), socketWait)
	defer cancel()
	require.NoError(s.t, s.conn.Write(ctx, websocket.MessageText, []byte(frame)))
}

// event reads the next event, skipping pings (answered).
func (s *liveSocket) event() (string, obj) {
	s.t.Helper()
	for {
		f := s.frame()
		if f == "2" {
			s.send("3")
			continue
		}
		require.True(s.t, strings.HasPrefix(f, "42["), "not an event: %q", f)
		var args []json.RawMessage
		require.NoError(s.t, json.Unmarshal([]byte(f[2:]), &args))
		var name string
		require.NoError(s.t, json.Unmarshal(args[0], &name))
		var data obj
		require.NoError(s.t, json.Unmarshal(args[1], &data))
		return name, data
	}
}

// silent asserts nothing arrives for a short while.
func (s *liveSocket) silent(what string) {
	s.t.Helper()
	select {
	case f, ok := <-s.frames:
		assert.False(s.t, ok, "%s: got %q", what, f)
	case <-time.After(150 * time.Millisecond):
	}
}

// refused asserts the server accepted CONNECT and then disconnected the socket, as Novu's gateway.
func (s *liveSocket) refused() {
	s.t.Helper()
	assert.Equal(s.t, "41", s.frame(), "DISCONNECT after CONNECT")
	select {
	case f, ok := <-s.frames:
		assert.False(s.t, ok, "then the connection closes, not %q", f)
	case <-time.After(socketWait):
		s.t.Error("the connection stayed open")
	}
}

// waitSockets waits until n sockets of the subscriber have joined its room (the join follows
// the CONNECT acknowledgement).
func (k *dkit) waitSockets(subscriberID string, n int) {
	k.t.Helper()
	key := strings.TrimPrefix(k.auth, "ApiKey ")
	deadline := time.Now().Add(socketWait)
	for k.f.srv.SocketsForTest(key, subscriberID) != n {
		require.True(k.t, time.Now().Before(deadline), "%s: %d sockets never joined", subscriberID, n)
		time.Sleep(2 * time.Millisecond)
	}
}

func TestRealtime_Received(t *testing.T) {
	k := newKit(t)
	k.subscriber("ada", obj{"firstName": "Ada"})
	k.subscriber("bob", nil)
	name, _ := k.workflow("Order shipped", nil, inAppTpl("Order {{orderNumber}} shipped"))
	ada := k.subscribe("ada")
	ada2 := k.subscribe("ada")
	bob := k.subscribe("bob")
	k.waitSockets("ada", 2)
	k.waitSockets("bob", 1)

	k.trigger(obj{"name": name, "to": "ada", "payload": obj{"orderNumber": "A-1"}})
	for _, sock := range []*liveSocket{ada, ada2} {
		ev, data := sock.event()
		require.Equal(t, "notification_received", ev)
		msg := data["message"].(obj)
		assert.Equal(t, "Order A-1 shipped", msg["content"])
		assert.Equal(t, "in_app", msg["channel"])
		assert.Equal(t, false, msg["seen"])
		assert.NotNil(t, msg["cta"], "@novu/js reads cta without a null check")
		ev, data = sock.event()
		assert.Equal(t, "unseen_count_changed", ev)
		assert.Equal(t, obj{"unseenCount": 1.0, "hasMore": false}, data)
		ev, data = sock.event()
		assert.Equal(t, "unread_count_changed", ev)
		assert.Equal(t, 1.0, data["unreadCount"])
		assert.Equal(t, false, data["hasMore"])
		assert.Equal(t, obj{"total": 1.0, "severity": obj{"high": 0.0, "medium": 0.0, "low": 0.0, "none": 1.0}}, data["counts"])
	}
	bob.silent("bob hears nothing of ada's message")
}

// A delayed or digested in-app message reaches the Inbox when its time comes, as Novu's worker
// delivers it when the queue job fires: nobody has to make a request for it.
func TestRealtime_HeldDelivery(t *testing.T) {
	tests := []struct {
		name string
		pass func(f *fake, d time.Duration)
	}{
		// The clock moves by itself (wall time passing): only the fake's waker can deliver.
		{"TimePasses", func(f *fake, d time.Duration) {
			f.clock.mu.Lock()
			f.clock.now = f.clock.now.Add(d)
			f.clock.mu.Unlock()
		}},
		{"ServerAdvance", func(f *fake, d time.Duration) { f.advance(d) }},
		{"ControlAdvance", func(f *fake, d time.Duration) {
			res := f.do(http.MethodPost, "/_novumock/clock/advance", "", `{"duration":"`+d.String()+`"}`)
			require.Equal(f.t, http.StatusOK, res.Status, res.Raw)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := newKit(t)
			k.subscriber("ada", nil)
			delayed, _ := k.workflow("Later", nil, waitTpl("delay", 1, "hours"), inAppTpl("Reminder"))
			digested, _ := k.workflow("Daily", nil, waitTpl("digest", 2, "hours"), inAppTpl("{{step.events.length}} updates"))
			sock := k.subscribe("ada")
			k.waitSockets("ada", 1)
			k.trigger(obj{"name": delayed, "to": "ada"})
			k.trigger(obj{"name": digested, "to": "ada"})
			k.trigger(obj{"name": digested, "to": "ada"})
			sock.silent("nothing is delivered before its time")

			tc.pass(k.f, time.Hour)
			ev, data := sock.event()
			require.Equal(t, "notification_received", ev)
			assert.Equal(t, "Reminder", data["message"].(obj)["content"])
			ev, data = sock.event()
			assert.Equal(t, "unseen_count_changed", ev)
			assert.Equal(t, 1.0, data["unseenCount"])
			ev, _ = sock.event()
			assert.Equal(t, "unread_count_changed", ev)
			sock.silent("the digest still waits")

			tc.pass(k.f, time.Hour)
			ev, data = sock.event()
			require.Equal(t, "notification_received", ev)
			assert.Equal(t, "2 updates", data["message"].(obj)["content"], "one message for the digested pair")
			ev, data = sock.event()
			assert.Equal(t, "unseen_count_changed", ev)
			assert.Equal(t, 2.0, data["unseenCount"])
			ev, _ = sock.event()
			assert.Equal(t, "unread_count_changed", ev)
			sock.silent("nothing more")
		})
	}
}

func TestRealtime_Marks(t *testing.T) {
	k, ada, ids := widgetSetup(t)
	sock := k.subscribe("ada")
	k.waitSockets("ada", 1)
	tests := []struct {
		name   string
		call   func()
		events []string
		counts obj
	}{
		{"WidgetSeen", func() {
			ada.must(http.StatusCreated, http.MethodPost, "/v1/widgets/messages/mark-as", obj{"messageId": ids[0], "markAs": "seen"})
		}, []string{"unseen_count_changed"}, obj{"unseenCount": 2.0}},
		{"WidgetRead", func() {
			ada.must(http.StatusCreated, http.MethodPost, "/v1/widgets/messages/mark-as", obj{"messageId": ids[1], "markAs": "read"})
		}, []string{"unread_count_changed"}, obj{"unreadCount": 2.0}},
		{"WidgetLegacySeenAndRead", func() {
			ada.must(http.StatusCreated, http.MethodPost, "/v1/widgets/messages/markAs", obj{"messageId": ids[2], "mark": obj{"seen": true, "read": true}})
		}, []string{"unseen_count_changed", "unread_count_changed"}, obj{"unseenCount": 0.0, "unreadCount": 1.0}},
		{"SubscriberAPIMarkAll", func() {
			k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers/ada/messages/mark-all", obj{"markAs": "seen"})
		}, []string{"unseen_count_changed"}, obj{"unseenCount": 0.0}},
		{"WidgetReadAll", func() {
			ada.must(http.StatusCreated, http.MethodPost, "/v1/widgets/messages/read", obj{})
		}, []string{"unread_count_changed"}, obj{"unreadCount": 0.0}},
		{"SubscriberAPIUnread", func() {
			k.must(http.StatusCreated, http.MethodPost, "/v1/subscribers/ada/messages/mark-as", obj{"messageId": ids[2], "markAs": "unread"})
		}, []string{"unread_count_changed"}, obj{"unreadCount": 1.0}},
		{"WidgetDeleteUnread", func() {
			ada.must(http.StatusOK, http.MethodDelete, "/v1/widgets/messages/"+ids[2], nil)
		}, []string{"unread_count_changed"}, obj{"unreadCount": 0.0}},
		{"WidgetDeleteAll", func() {
			ada.must(http.StatusNoContent, http.MethodDelete, "/v1/widgets/messages", nil)
		}, []string{"unseen_count_changed", "unread_count_changed"}, obj{"unseenCount": 0.0, "unreadCount": 0.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.call()
			for _, want := range tt.events {
				ev, data := sock.event()
				require.Equal(t, want, ev)
				for key, v := range tt.counts {
					if _, ok := data[key]; ok {
						assert.Equal(t, v, data[key], key)
					}
				}
			}
			sock.silent("no further event")
		})
	}
}

func TestRealtime_Auth(t *testing.T) {
	k := newKit(t)
	k.subscriber("ada", nil)
	token := strings.TrimPrefix(k.as("ada").auth, "Bearer ")
	name, _ := k.workflow("Hello", nil, inAppTpl("hi"))

	t.Run("TokenInAuth", func(t *testing.T) {
		sock := k.openSocket(nil, `{"token":"`+token+`"}`)
		k.waitSockets("ada", 1)
		k.trigger(obj{"name": name, "to": "ada"})
		ev, _ := sock.event()
		assert.Equal(t, "notification_received", ev)
	})
	tests := []struct {
		name  string
		query url.Values
		auth  string
	}{
		{"ErrNoToken", nil, ""},
		{"ErrNullToken", url.Values{"token": {"null"}}, ""},
		{"ErrGarbage", url.Values{"token": {"garbage"}}, ""},
		{"ErrAPIKey", url.Values{"token": {k.f.DevKey}}, ""},
		{"ErrTampered", url.Values{"token": {token[:len(token)-2] + "xx"}}, ""},
		{"ErrBadAuthToken", nil, `{"token":"garbage"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k.openSocket(tt.query, tt.auth).refused()
		})
	}
	t.Run("ErrOtherServersToken", func(t *testing.T) {
		// The same environment key and subscriberId on another fake: its token is signed with
		// another secret, as another Novu deployment's would be.
		other := &dkit{t: t, f: mustNewServer(t), auth: "ApiKey " + k.f.DevKey}
		other.subscriber("ada", nil)
		foreign := strings.TrimPrefix(other.as("ada").auth, "Bearer ")
		k.openSocket(url.Values{"token": {foreign}}, "").refused()
	})
	t.Run("ErrDeletedSubscriber", func(t *testing.T) {
		k.subscriber("gone", nil)
		gone := strings.TrimPrefix(k.as("gone").auth, "Bearer ")
		k.must(http.StatusOK, http.MethodDelete, "/v1/subscribers/gone", nil)
		k.openSocket(url.Values{"token": {gone}}, "").refused()
	})
	t.Run("ErrExpired", func(t *testing.T) {
		k.f.advance(15*24*time.Hour + time.Minute)
		k.openSocket(url.Values{"token": {token}}, "").refused()
	})
}

func TestRealtime_EnvironmentIsolation(t *testing.T) {
	k := newKit(t)
	p := k.prod()
	k.subscriber("ada", nil)
	p.subscriber("ada", nil)
	devName, _ := k.workflow("Hello", nil, inAppTpl("dev"))
	devSock := k.subscribe("ada")
	prodSock := p.subscribe("ada")
	k.waitSockets("ada", 1)
	p.waitSockets("ada", 1)

	k.trigger(obj{"name": devName, "to": "ada"})
	ev, data := devSock.event()
	require.Equal(t, "notification_received", ev)
	assert.Equal(t, "dev", data["message"].(obj)["content"])
	prodSock.silent("the same subscriberId in Production hears nothing of Development")
}

func TestRealtime_PollingRefused(t *testing.T) {
	k := newKit(t)
	res := k.f.do(http.MethodGet, "/socket.io/?EIO=4&transport=polling", "", "", "Origin", "https://app.example.com")
	assert.Equal(t, http.StatusBadRequest, res.Status)
	assert.JSONEq(t, `{"code":0,"message":"Transport unknown"}`, res.Raw)
	assert.Equal(t, "*", res.Header.Get("Access-Control-Allow-Origin"))
}

// A bulk trigger of 100 events to one subscriber arrives whole: every message, then one count of
// each kind (not one per message), without overflowing the socket's bounded queue.
func TestRealtime_BulkTrigger(t *testing.T) {
	k := newKit(t)
	k.subscriber("ada", nil)
	name, _ := k.workflow("Bulk", nil, inAppTpl("n {{i}}"))
	sock := k.subscribe("ada")
	k.waitSockets("ada", 1)
	events := make([]any, 100)
	for i := range events {
		events[i] = obj{"name": name, "to": "ada", "payload": obj{"i": i}}
	}
	k.must(http.StatusCreated, http.MethodPost, "/v1/events/trigger/bulk", obj{"events": events})
	for i := range 100 {
		ev, data := sock.event()
		require.Equal(t, "notification_received", ev, "event %d", i)
		assert.Equal(t, "n "+strconv.Itoa(i), data["message"].(obj)["content"])
	}
	ev, data := sock.event()
	assert.Equal(t, "unseen_count_changed", ev)
	assert.Equal(t, obj{"unseenCount": 100.0, "hasMore": false}, data)
	ev, data = sock.event()
	assert.Equal(t, "unread_count_changed", ev)
	assert.Equal(t, 100.0, data["unreadCount"])
	sock.silent("nothing more")

	k.trigger(obj{"name": name, "to": "ada", "payload": obj{"i": 100}})
	sock.event()
	_, data = sock.event()
	assert.Equal(t, obj{"unseenCount": 100.0, "hasMore": true}, data, "101 unseen are shown as 100 and more")
	_, data = sock.event()
	assert.Equal(t, 100.0, data["unreadCount"])
	assert.Equal(t, true, data["hasMore"])
	assert.Equal(t, 101.0, data["counts"].(obj)["total"], "counts.total is not capped")
}
