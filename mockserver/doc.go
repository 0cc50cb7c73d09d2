// Package mockserver is a stateful fake of the Novu notification API, version 1.
//
// Its unexported api type implements the strict-server interface generated from openapi.yaml.
// In front of the handlers sits one pipeline, in the order Novu's own guards, interceptors and
// pipes run (server.go): route to the spec operation, the test's fault rules (faults.go), body
// size limit, API-key authentication, the per-environment token-bucket rate limit, idempotency
// keys, request validation against the spec, and finally the handler. Every failure leaves as
// Novu's error body. Around it all, the journal (journal.go) records each API request and its
// answer. Express's reading of the request (query string, body) is internal/expressreq;
// JavaScript's value rules are internal/jsvalue.
//
// All state lives in one store, scoped by environment (an API key belongs to exactly one) or by
// organization where Novu reads org-wide. Tests may make an organization per worker, export and
// load the state as a JSON document, and what triggers leave behind expires as Novu's TTLs say
// and past a per-environment cap (store_delivery_retention.go). One clock drives rate limits,
// idempotency, delays and timestamps, and can be advanced by tests and the control API; an
// organization can also be moved ahead of it alone (store.timeOf).
package mockserver
