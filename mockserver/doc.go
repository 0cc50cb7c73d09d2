// Package mockserver is a stateful fake of the Novu notification API, version 1.
//
// Its unexported api type implements the strict-server interface generated from openapi.yaml.
// In front of the handlers sits one pipeline, in the order Novu's own guards, interceptors and
// pipes run (server.go): route to the spec operation, the test's fault rules (faults.go), body
// size limit, API-key authentication, the per-environment token-bucket rate limit, idempotency
// keys, request validation against the spec, and finally the handler. Every failure leaves as
// Novu's error body. Around it all, the journal (journal.go) records each API request and its
// answer. Express's reading of the request (query string, body) is internal/expressreq;
// JavaScript's value rules are internal/jsvalue. The in-app routes (/v1/inbox, /v1/widgets)
// are called from browsers with a subscriber's token instead of an API key
// (subscriber_auth.go): they skip the rate limit and idempotency steps, as Novu's interceptors
// do, and answer any origin (cors.go). Their live half is a Socket.IO endpoint at /socket.io/,
// served before echo (the socket takes over its connection): a socket authenticated by the same
// token joins its subscriber's room, and after each request the events the store announced
// (deliveries, marks, deletes) are emitted to those rooms with no organization lock held; while sockets
// are connected, delayed and digested deliveries that come due are run and emitted without
// waiting for a request (realtime.go, store_realtime.go, internal/socketio).
//
// All state lives in one store, scoped by environment (an API key belongs to exactly one) or by
// organization where Novu reads org-wide. Tests may make an organization per worker, export and
// load the state as a JSON document, and what triggers leave behind expires as Novu's TTLs say
// and past a per-environment cap (store_delivery_retention.go). One clock drives rate limits,
// idempotency, delays and timestamps, and can be advanced by tests and the control API; an
// organization can also be moved ahead of it alone (store.timeOf).
package mockserver
