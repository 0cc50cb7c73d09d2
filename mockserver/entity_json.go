package mockserver

import (
	"bytes"
	"net/http"
	"sync"

	"github.com/segmentio/encoding/json"

	"github.com/novumock/novumock/gen"
)

// The subscriber page and the integration lists are the most read answers, and encoding their
// entities by reflection was a fifth of their cost. A stored subscriber or integration is never
// changed in place (a change stores a new copy), so its encoding is a function of the pointer:
// encodedJSON keeps it, and a list is written as its envelope around those bytes, the same bytes
// the generated response would write (TestSubscriberPage_SameBytes, TestIntegrationList_SameBytes).

// encodeFlags are the generated responses' (segmentio's json.NewEncoder): HTML characters
// escaped, map keys sorted.
const encodeFlags = json.EscapeHTML | json.SortMapKeys

// Bounds of an encodedJSON: it is emptied when either is reached, so it holds at most
// maxEncodedBytes of JSON plus the stored values it keeps alive (about as much again: old
// versions of changed entities stay until the cache is emptied).
const (
	maxEncodedEntries = 4096
	maxEncodedBytes   = 4 << 20
)

// encodedJSON caches the JSON encoding of immutable stored entities, keyed by their pointer.
// Keying by pointer also keeps each entity alive while cached, so an address is never reused
// for another value while its entry exists.
type encodedJSON[T any] struct {
	mu    sync.RWMutex // read on every list answer, written for each entity not seen before
	m     map[*T][]byte
	bytes int
}

// encodings is the encoding of each of vs, as json.Append writes it. The slices are shared:
// never change them.
func (c *encodedJSON[T]) encodings(vs []*T) ([][]byte, error) {
	out := make([][]byte, len(vs))
	missing := false
	c.mu.RLock()
	for i, v := range vs {
		out[i] = c.m[v]
		missing = missing || out[i] == nil
	}
	c.mu.RUnlock()
	if !missing {
		return out, nil
	}
	for i, v := range vs {
		if out[i] != nil {
			continue
		}
		b, err := json.Append(nil, v, encodeFlags)
		if err != nil {
			return nil, err
		}
		out[i] = b
		c.mu.Lock()
		c.putLocked(v, b)
		c.mu.Unlock()
	}
	return out, nil
}

func (c *encodedJSON[T]) putLocked(v *T, b []byte) {
	if len(b) > maxEncodedBytes/16 {
		return // a huge data map: encoded each time rather than crowding out the others
	}
	if c.m == nil || len(c.m) >= maxEncodedEntries || c.bytes+len(b) > maxEncodedBytes {
		c.m, c.bytes = make(map[*T][]byte), 0
	}
	c.m[v] = b
	c.bytes += len(b)
}

// subscriberPage is ListSubscribers' 200 answer, written from the cached encodings.
type subscriberPage struct {
	s    *Server
	list []*gen.Subscriber
	page gen.SubscriberPage // without Data
}

func (r subscriberPage) VisitListSubscribersResponse(w http.ResponseWriter) error {
	r.page.Data = []gen.Subscriber{}
	if ok, err := writeCachedList(w, &r.s.subscriberJSON, r.page, r.list); ok || err != nil {
		return err
	}
	return r.generated().VisitListSubscribersResponse(w) // not the shape writeCachedList splices
}

// emptyDataPrefix is how an envelope's encoding starts when Data, its first member, is empty
// (members are in name order in the generated structs).
var emptyDataPrefix = []byte(`{"data":[]`)

var comma = []byte(",")

// writeCachedList answers 200 with envelope, whose data is empty, around the cached encodings
// of items: the bytes the generated response writes for the envelope holding them (json.Encoder
// with a final newline). It answers false, having written nothing, when the envelope's encoding
// does not start with emptyDataPrefix (a spec change the caller's generated type handles).
func writeCachedList[T any](w http.ResponseWriter, cache *encodedJSON[T], envelope any, items []*T) (bool, error) {
	head, err := json.Append(make([]byte, 0, 64), envelope, encodeFlags)
	if err != nil || !bytes.HasPrefix(head, emptyDataPrefix) {
		return false, err
	}
	encoded, err := cache.encodings(items)
	if err != nil {
		return false, err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	// Several writes, each appended to the buffer bufferResponses holds, instead of one more
	// copy of the whole list.
	split := len(emptyDataPrefix) - 1
	_, err = w.Write(head[:split])
	for i, b := range encoded {
		if i > 0 && err == nil {
			_, err = w.Write(comma)
		}
		if err == nil {
			_, err = w.Write(b)
		}
	}
	if err == nil {
		head = append(head, '\n') // json.Encoder's
		_, err = w.Write(head[split:])
	}
	return true, err
}

// generated is the same answer as the generated response type.
func (r subscriberPage) generated() gen.ListSubscribers200JSONResponse {
	r.page.Data = make([]gen.Subscriber, len(r.list))
	for i, sub := range r.list {
		r.page.Data[i] = *sub
	}
	return gen.ListSubscribers200JSONResponse{SubscriberPageOKJSONResponse: gen.SubscriberPageOKJSONResponse{Body: r.page}}
}
