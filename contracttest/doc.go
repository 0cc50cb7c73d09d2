// Package contracttest checks any deployment of the Novu v1 API against openapi.yaml (the spec
// embedded in gen), and is what `novumock contract` runs.
//
// What it guarantees: every documented operation is sent at least one request (the report's
// coverage says which operations and documented statuses were reached, and why the rest were
// not); every answer, whatever check sent it, is checked for a documented status, content
// type, a body valid against the schema, Novu's data envelope and error shape, and well-formed
// RateLimit headers; auth, invalid input derived from the request schemas, and the stateful
// business rules (lifecycles, integration primaries, topics, triggers, pagination, idempotency,
// environment isolation) are exercised as named checks. Each failure names the check, the
// operation, expected and actual, and a curl command with the key replaced by $NOVU_API_KEY.
//
// Before anything else it sends GET /v1/environments/me with each key and stops (Suite.Run
// returns an error) unless the target answers 200 with an environment in Novu's JSON data
// envelope, the Production key included when one is given: a URL that is not a Novu API, or a
// wrong key, never gets the suite's writes. When the run's context ends (Ctrl-C) the report
// says it was interrupted, the checks that did not complete are skipped rather than failed, and
// cleanup still runs. A run that cannot start, or whose target stops answering during it
// (a failed request followed by three failed pings), returns an error with StopReport's single
// failed testcase (StopPreflight, StopTargetLost) instead of a cascade of failures; what it
// could not delete is found again by Leftovers, by the run's prefix.
//
// Against a real deployment each failure is meant to be a defect of the target (triage.go): a
// feature the target runs without (rate limiting, idempotency; seen in its first answers) turns
// the checks that need it into skips quoting the evidence unless Suite.Require names it;
// GET /v1/health-check's apiVersion keeps operations added in a later release from being sent;
// the worker's effects are polled for; and what openapi.yaml marks x-novu-unvalidated (Novu's
// DTO enforces nothing there) is neither probed nor held against the answers.
//
// What it never does to production data (in sandbox and read-only mode; disposable mode, below,
// is for throwaway targets only):
//   - In sandbox mode (the default) it only changes resources it created, all named with the
//     run prefix (nvmk-<random>-), and deletes them when each check ends, even after a failure
//     or cancellation; anything it could not delete is listed in the report (sandbox_cleaned_up).
//   - It never sends a valid key to operations whose effect reaches beyond its own resources
//     (organization rename, branding, members, key rotation, change promotion, broadcast); they
//     only get auth probes, and the coverage report says so.
//   - Flows that would alter shared state skip with a reason: integration primaries run only on a
//     channel with no active integration, layout flows only where a default layout exists.
//   - In read-only mode the transport itself refuses anything but GET.
//   - Disposable mode (ModeDisposable, `--mode disposable`) is never the default, is meant for
//     throwaway targets such as novumock or a scratch Novu, and refuses a target that is not on
//     the loopback interface unless Suite.ConfirmDestroysData is set: it does everything sandbox does, and
//     also probes and exercises those operations, key rotation excepted, in scenarios of their
//     own (changes_promote, broadcast_reaches_every_subscriber, organization_settings). They
//     rename the organization and rename it back, restore the branding values that were set,
//     delete what they promoted to Production and the messages they broadcast, but a broadcast
//     reaches every subscriber of the environment, and the organization they create and the
//     member they remove (never the key's own, which the API refuses) stay: the API cannot undo
//     either.
//   - It paces itself with a client-side token bucket (Suite.RPS), honours Retry-After on 429,
//     and spends a rate-limit bucket on purpose only in throttled_with_retry_after (bulk calls
//     with invalid bodies, which create nothing), which runs by default only against loopback
//     targets (Suite.ExhaustRateLimit) and waits for the bucket to refill.
package contracttest
