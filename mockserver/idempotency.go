package mockserver

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// Idempotency follows Novu's interceptor: POST and PATCH only, keys scoped to the organization,
// the body fingerprinted, the first answer (success or error) stored for 24 hours and replayed.

const (
	idempotencyMaxKeyLength  = 255
	idempotencyInProgressTTL = 5 * time.Minute
	idempotencyRetention     = 24 * time.Hour
	idempotencyDocsLink      = "https://docs.novu.co/additional-resources/idempotency"
)

type idempotencyEntry struct {
	bodyHash  [32]byte
	done      bool
	expiresAt time.Time
	status    int
	header    http.Header
	body      []byte
}

type idempotencyCache struct {
	mu      sync.Mutex
	entries map[string]*idempotencyEntry
	inserts int
}

// sweep drops expired entries every so many inserts, so memory follows the keys of the last
// 24 hours rather than every key ever seen (caller holds mu).
func (ic *idempotencyCache) sweep(now time.Time) {
	ic.inserts++
	if ic.inserts%1024 != 0 {
		return
	}
	for k, e := range ic.entries {
		if now.After(e.expiresAt) {
			delete(ic.entries, k)
		}
	}
}

func newIdempotencyCache() *idempotencyCache {
	return &idempotencyCache{entries: map[string]*idempotencyEntry{}}
}

func (ic *idempotencyCache) reset() {
	ic.mu.Lock()
	ic.entries = map[string]*idempotencyEntry{}
	ic.mu.Unlock()
}

// fingerprint ignores insignificant whitespace, as hashing JSON.stringify(body) does.
func fingerprint(body []byte) [32]byte {
	var buf bytes.Buffer
	if json.Compact(&buf, body) == nil {
		body = buf.Bytes()
	}
	return sha256.Sum256(body)
}

// idempotent runs next at most once per (organization, key, body): the first request claims
// the key, later ones get 409 while it runs, 422 for another body, and a replay afterwards.
func (s *Server) idempotent(c echo.Context, orgID string, body []byte, next echo.HandlerFunc) error {
	req := c.Request()
	if req.Method != http.MethodPost && req.Method != http.MethodPatch {
		return next(c)
	}
	key := req.Header.Get("Idempotency-Key")
	if key == "" {
		return next(c)
	}
	if len(key) > idempotencyMaxKeyLength {
		return errBadRequest(`idempotencyKey "%s" has exceeded the maximum allowed length of %d characters`, key, idempotencyMaxKeyLength)
	}
	c.Response().Header().Set("Idempotency-Key", key)
	now := s.requestTime(req)
	hash := fingerprint(body)
	cacheKey := orgID + "\x00" + key

	ic := s.idempotency
	ic.mu.Lock()
	entry := ic.entries[cacheKey]
	if entry != nil && now.After(entry.expiresAt) {
		entry = nil
	}
	if entry != nil {
		ic.mu.Unlock()
		link := http.Header{"Link": {idempotencyDocsLink}}
		if entry.bodyHash != hash {
			e := errUnprocessable(`Request with key "%s" is being reused for a different body`, key)
			e.Header = link
			return e
		}
		if !entry.done {
			e := errConflict(`Request with key "%s" is currently being processed. Please retry after 1 second`, key)
			e.Header = link
			e.Header.Set("Retry-After", "1")
			return e
		}
		return replay(c, entry)
	}
	entry = &idempotencyEntry{bodyHash: hash, expiresAt: now.Add(idempotencyInProgressTTL)}
	ic.entries[cacheKey] = entry
	// Entries expire on their organization's clock, which is never behind the shared one: by the
	// shared clock, the sweep never drops an entry its organization still sees.
	ic.sweep(s.clock.Now())
	ic.mu.Unlock()

	err := next(c)
	if err != nil {
		// Errors are rendered by echo's error handler after this returns; render now so the
		// stored answer is exactly what the client got.
		c.Error(err)
	}
	ic.mu.Lock()
	entry.done = true
	entry.expiresAt = s.requestTime(req).Add(idempotencyRetention)
	entry.status = c.Response().Status
	entry.header = c.Response().Header().Clone()
	entry.body = bytes.Clone(answerBody(c))
	ic.mu.Unlock()
	return nil
}

// replay answers with the stored status and body; rate-limit headers stay this request's own.
func replay(c echo.Context, entry *idempotencyEntry) error {
	h := c.Response().Header()
	for _, name := range []string{echo.HeaderContentType, "Location"} {
		if v := entry.header.Get(name); v != "" {
			h.Set(name, v)
		}
	}
	h.Set("Idempotency-Replay", "true")
	c.Response().WriteHeader(entry.status)
	_, err := c.Response().Write(entry.body)
	return err
}

// forgetOrganization drops an organization's records (reset or deleted).
func (ic *idempotencyCache) forgetOrganization(orgID string) {
	ic.mu.Lock()
	defer ic.mu.Unlock()
	for key := range ic.entries {
		if strings.HasPrefix(key, orgID+"\x00") {
			delete(ic.entries, key)
		}
	}
}
