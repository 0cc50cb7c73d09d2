package mockserver

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/brianvoe/gofakeit/v7"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/novumock/novumock/gen"
)

// store is all state of the fake. Each organization has its own lock (organization.mu), which
// guards everything in it: its environments with every section, its members and integrations.
// A request works inside one organization, so requests that span sections (a trigger reads
// workflows, subscribers, topics and integrations and writes notifications and messages) are
// atomic under that one lock, and test workers on separate organizations never wait for each
// other. The store's own lock, mu, guards only the registry (the organizations, the key and id
// indexes, the user); code that needs both takes mu first. Store code never imports echo or
// net/http; it returns *apiError values carrying Novu's messages, which the handlers pass through.
type store struct {
	mu    sync.RWMutex // the registry: orgs, envByKey, envByID, user
	clock *clock
	seed  uint64
	// retain caps the notifications kept per environment (store_delivery_retention.go); <= 0: no cap.
	retain int
	// faker draws every seeded value (ids, keys, names, identifiers, transaction ids); it has a
	// lock of its own, a leaf taken under any other, since organizations draw concurrently.
	fakerMu sync.Mutex
	faker   *gofakeit.Faker
	// idSeq ends every ObjectId (as a real ObjectId ends with a counter). It starts at a value
	// drawn from the seed and is never reset, so no id repeats within the process, not even
	// after POST /_novumock/reset, while a fixed seed still gives the same ids run to run.
	idSeq   atomic.Uint32
	idStart uint32 // idSeq's first value: ids ordered by (counter - idStart) are in creation order
	// selfHosted: Novu's demo e-mail and SMS credentials are not set (Options.SelfHosted).
	selfHosted bool
	log        *slog.Logger // the server's: what the fake cannot do as Novu would is logged here

	user     gen.MemberUser
	orgs     []*organization
	envByKey map[string]*environment
	envByID  map[string]*environment

	live liveQueue // socket events waiting for the server (store_realtime.go)
	// socketsOpen tells whether any in-app socket is open (announceLocked queues nothing
	// otherwise); set once, before serving.
	socketsOpen func() bool

	// onChange is told the environment id whenever a trigger arrives or a held job runs (the
	// console's live pages); it must not block. Set once, before serving.
	onChange func(envID string)
	// onEmail is given each e-mail as it is sent, under the lock (the SMTP relay, which only
	// queues it); nil without a relay.
	onEmail func(env *environment, rec outboxRecord)
}

// organization is state Novu keeps per organization: its environments, members and the
// integrations, which Novu reads org-wide.
type organization struct {
	// mu guards all of the organization's state, its environments' included (see store).
	mu           sync.RWMutex
	id           string
	model        gen.Organization
	members      *table[gen.Member]
	envs         []*environment
	integrations *table[gen.Integration] // by _id, across all environments of the org
	// clockOffset is how far this organization alone was moved past the shared clock
	// (POST /_novumock/clock/advance?organizationId=), in nanoseconds; read without the lock.
	clockOffset atomic.Int64
	// created: through POST /v1/organizations, not the starting organization whose service
	// level follows the rate limiter's.
	created bool
	// subscriberValues caches each stored subscriber as templates read it (its JSON value), so
	// that a trigger does not convert the same subscriber by reflection for every send. Stored
	// subscribers are never changed in place, so a pointer's value never goes stale; the cache
	// is emptied when it reaches maxSubscriberValues, which bounds what it holds.
	subscriberValues map[*gen.Subscriber]any
}

// environment is one API key's world. Every section keeps its state here, so two environments
// can never see each other's data unless a handler reaches across on purpose (as Novu does).
//
// Its id, key, model, organization and parent never change once it is made (loading state makes
// new environments), so they are read without the organization's lock: the registry's readers
// (keys, names, application identifiers) and the request journal do.
type environment struct {
	id     string
	apiKey string
	model  gen.Environment // without apiKeys; handlers add them where Novu shows them
	org    *organization
	parent *environment // nil for Development, the root environment

	sections
}

func newStore(c *clock, opts Options) *store {
	st := &store{clock: c, seed: opts.Seed, retain: opts.Retain, selfHosted: opts.SelfHosted, log: opts.Logger}
	if st.retain == 0 {
		st.retain = DefaultRetain
	}
	if st.log == nil {
		st.log = slog.New(slog.DiscardHandler)
	}
	st.idStart = gofakeit.New(opts.Seed ^ idSeqSalt).Uint32()
	st.idSeq.Store(st.idStart)
	st.reset(opts.DevAPIKey, opts.ProdAPIKey)
	return st
}

// reset drops all state and recreates the starting organization with its two environments.
func (st *store) reset(devKey, prodKey string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.fakerMu.Lock()
	st.faker = gofakeit.New(st.seed)
	st.fakerMu.Unlock()
	st.orgs = nil
	st.envByKey = map[string]*environment{}
	st.envByID = map[string]*environment{}
	st.user = st.newUser()
	st.newOrganization(draw(st, (*gofakeit.Faker).Company), devKey, prodKey)
}

// newOrganization (under the registry's write lock) creates an organization as Novu does (v2.0.0 create-organization.usecase.ts):
// the user as its admin, a Development and a Production environment (Production's parent is
// Development), each with the integrations CreateNovuIntegrations gives it.
func (st *store) newOrganization(name, devKey, prodKey string) *organization {
	now := formatTime(st.clock.Now()) // a new organization has not been moved on its own
	level := gen.OrganizationApiServiceLevelUnlimited
	org := &organization{
		id:           st.newID(),
		members:      newTable[gen.Member](),
		integrations: newTable[gen.Integration](),
	}
	org.model = gen.Organization{UnderscoreId: org.id, Name: name, CreatedAt: now, UpdatedAt: now,
		ApiServiceLevel: &level, Language: &[]string{}, ProductUseCases: &gen.ProductUseCases{}}
	// No branding until it is set: mongoose leaves the empty nested object out; language and
	// productUseCases are the schema's empty array and false defaults (organization.schema.ts at
	// v2.0.0).
	st.addAdmin(org)
	st.orgs = append(st.orgs, org)
	dev := st.newEnvironment(org, "Development", devKey, nil)
	st.createNovuIntegrations(org, dev)
	prod := st.newEnvironment(org, "Production", prodKey, dev)
	st.createNovuIntegrations(org, prod)
	return org
}

// addAdmin makes the fake's one user the organization's admin.
func (st *store) addAdmin(org *organization) {
	roles := []gen.MemberRoles{gen.MemberRolesAdmin}
	status := gen.MemberMemberStatusActive
	user := st.user
	memberID := st.newID()
	now := st.now(org) // the member document's timestamps (member.schema.ts at v2.0.0)
	org.members.put(memberID, &gen.Member{UnderscoreId: memberID, UnderscoreOrganizationId: org.id,
		UnderscoreUserId: user.UnderscoreId, User: &user, Roles: &roles, MemberStatus: &status, CreatedAt: &now, UpdatedAt: &now})
}

func (st *store) newEnvironment(org *organization, name, key string, parent *environment) *environment {
	now := st.now(org)
	id := st.newID()
	env := &environment{id: id, apiKey: key, org: org, parent: parent}
	env.model = gen.Environment{UnderscoreId: id, UnderscoreOrganizationId: org.id, Name: name,
		Identifier: st.letters(12), CreatedAt: now, UpdatedAt: now,
		// The widget settings' schema default (environment.schema.ts at v2.0.0): no HMAC
		// encryption of the in-app session.
		Widget: &map[string]any{"notificationCenterEncryption": false}}
	if parent != nil {
		env.model.UnderscoreParentId = &parent.id
	}
	st.initSections(env)
	org.envs = append(org.envs, env)
	st.envByKey[key] = env
	st.envByID[id] = env
	return env
}

// newUser is the one user behind every API key of the fake (Novu stores a key's _userId).
func (st *store) newUser() gen.MemberUser {
	first, last := draw(st, (*gofakeit.Faker).FirstName), draw(st, (*gofakeit.Faker).LastName)
	return gen.MemberUser{UnderscoreId: st.newID(), FirstName: &first, LastName: &last,
		Email: openapi_types.Email(strings.ToLower(first + "." + last + "@example.com"))}
}

// newAPIKey has Novu's key format: 16 random bytes as 32 lowercase hex characters.
func (st *store) newAPIKey() string { return st.randomHex128() }

// randomHex128 is 16 seeded random bytes as 32 lowercase hex characters (what Novu's hat() gives).
func (st *store) randomHex128() string {
	st.fakerMu.Lock()
	defer st.fakerMu.Unlock()
	return fmt.Sprintf("%08x%08x%08x%08x", st.faker.Uint32(), st.faker.Uint32(), st.faker.Uint32(), st.faker.Uint32())
}

// draw is one seeded value from the faker, under its lock.
func draw[T any](st *store, f func(*gofakeit.Faker) T) T {
	st.fakerMu.Lock()
	defer st.fakerMu.Unlock()
	return f(st.faker)
}

// letters is n seeded random letters (an application identifier).
func (st *store) letters(n uint) string {
	return draw(st, func(f *gofakeit.Faker) string { return f.LetterN(n) })
}

func (st *store) environmentByKey(key string) *environment {
	st.mu.RLock()
	defer st.mu.RUnlock()
	return st.envByKey[key]
}

// idSeqSalt makes the counter's start a draw of its own, apart from the faker's sequence.
const idSeqSalt = 0x6e6f76756d6f636b // "novumock"

// newID is a 24-hex ObjectId; with the same seed the same sequence of calls yields the same ids.
func (st *store) newID() string { return st.newObjectID().String() }

// newIDs is n newIDs (drawn in order) printed one after the other into one string, which the
// ids, its 24-character slices (idAt), share: what a trigger creates at once costs one
// allocation instead of one per id.
func (st *store) newIDs(n int) string {
	var b strings.Builder
	b.Grow(24 * n)
	var buf [24]byte
	for range n {
		id := st.newObjectID()
		hex.Encode(buf[:], id[:])
		b.Write(buf[:])
	}
	return b.String()
}

// idAt is the i-th id of newIDs' answer.
func idAt(ids string, i int) string { return ids[24*i : 24*(i+1)] }

// objectID is an ObjectId's 12 bytes, for state that keeps many ids (execution details) and
// prints them only when read.
type objectID [12]byte

// newObjectID is 8 seeded random bytes and the process-wide counter. It still draws the three
// numbers ids always drew, so the other seeded values (names, keys, identifiers) stay as they were.
func (st *store) newObjectID() objectID {
	var id objectID
	st.fakerMu.Lock()
	defer st.fakerMu.Unlock()
	binary.BigEndian.PutUint32(id[0:], st.faker.Uint32())
	binary.BigEndian.PutUint32(id[4:], st.faker.Uint32())
	st.faker.Uint32()
	binary.BigEndian.PutUint32(id[8:], st.idSeq.Add(1))
	return id
}

// created is where the id stands in the store's creation order.
func (st *store) created(id objectID) uint32 { return binary.BigEndian.Uint32(id[8:]) - st.idStart }

// String is the 24 lowercase hex characters, without fmt (a trigger makes several ids).
func (id objectID) String() string {
	var buf [2 * len(id)]byte
	hex.Encode(buf[:], id[:])
	return string(buf[:])
}

// now is timeOf as Novu prints it.
func (st *store) now(org *organization) string { return formatTime(st.timeOf(org)) }

// timeOf is the fake's time as an organization sees it: the shared clock plus what the
// organization alone was advanced by. Everything kept in an organization (timestamps, delays,
// TTLs, rate-limit buckets, idempotency keys) reads this, so one test worker moving its
// organization's time leaves the others' alone.
func (st *store) timeOf(org *organization) time.Time {
	return st.clock.Now().Add(time.Duration(org.clockOffset.Load()))
}

// table keeps entities in creation order with an index by key: a page is a slice of the order
// and a lookup is a map access, so both cost the same at 100 or 100 000 entities.
type table[T any] struct {
	order []string
	items map[string]*T
}

func newTable[T any]() *table[T] { return &table[T]{items: map[string]*T{}} }

func (t *table[T]) get(key string) *T { return t.items[key] }

func (t *table[T]) len() int { return len(t.order) }

// put inserts at the end, or replaces in place when the key exists.
func (t *table[T]) put(key string, v *T) {
	if _, ok := t.items[key]; !ok {
		t.order = append(t.order, key)
	}
	t.items[key] = v
}

func (t *table[T]) delete(key string) bool {
	if _, ok := t.items[key]; !ok {
		return false
	}
	delete(t.items, key)
	if i := slices.Index(t.order, key); i >= 0 {
		t.order = slices.Delete(t.order, i, i+1)
	}
	return true
}

// rekey renames an entry, keeping its position.
func (t *table[T]) rekey(from, to string) {
	v, ok := t.items[from]
	if !ok || from == to {
		return
	}
	delete(t.items, from)
	t.items[to] = v
	t.order[slices.Index(t.order, from)] = to
}

// page returns items [offset, offset+limit) in creation order.
func (t *table[T]) page(offset, limit int) []*T {
	if offset < 0 || offset >= len(t.order) || limit <= 0 {
		return nil
	}
	end := min(len(t.order), offset+limit)
	out := make([]*T, 0, end-offset)
	for _, k := range t.order[offset:end] {
		out = append(out, t.items[k])
	}
	return out
}

// pageNewest returns items [offset, offset+limit) of the reversed creation order: newest
// first, as a Mongo sort on createdAt: -1 answers.
func (t *table[T]) pageNewest(offset, limit int) []*T {
	n := len(t.order)
	if offset < 0 || offset >= n || limit <= 0 {
		return nil
	}
	end := n - offset
	out := t.page(max(0, end-limit), end-max(0, end-limit))
	slices.Reverse(out)
	return out
}

// all returns every item in creation order.
func (t *table[T]) all() []*T { return t.page(0, len(t.order)) }

// filter returns the items that match, in creation order.
func (t *table[T]) filter(match func(*T) bool) []*T {
	var out []*T
	for _, k := range t.order {
		if v := t.items[k]; match(v) {
			out = append(out, v)
		}
	}
	return out
}

// slug is Novu's identifier slug (slugify with lower and strict): whitespace and dashes
// separate words, every other character that is not an ASCII letter or digit is dropped, so
// "Africa's Talking" is africas-talking and "Rocket.Chat" rocketchat. (slugify's
// transliteration table, é to e and & to and, is not modelled: those characters are dropped.)
func slug(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == '-' || unicode.IsSpace(r) })
	kept := words[:0]
	for _, w := range words {
		w = strings.Map(func(r rune) rune {
			if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
				return r
			}
			return -1
		}, w)
		if w != "" {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, "-")
}

// shortID is a shortid-like suffix for generated identifiers.
func (st *store) shortID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_-"
	st.fakerMu.Lock()
	defer st.fakerMu.Unlock()
	b := make([]byte, 9)
	for i := range b {
		b[i] = alphabet[st.faker.IntN(len(alphabet))]
	}
	return string(b)
}

func values[T any](ps []*T) []T {
	out := make([]T, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}

// ptrTo is a pointer to a copy of v, for the generated types' optional fields.
func ptrTo[T any](v T) *T { return &v }

// pageOffset is the offset of a zero-based page, clamped so that a huge page number cannot
// overflow into a negative offset.
func pageOffset(page, size int) int {
	if page <= 0 || size <= 0 {
		return 0
	}
	if page > (1<<31)/size {
		return 1 << 31
	}
	return page * size
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func derefOr[T any](p *T, fallback T) T {
	if p == nil {
		return fallback
	}
	return *p
}
