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
// What it never does to production data:
//   - In sandbox mode (the default) it only changes resources it created, all named with the
//     run prefix (nvmk-<random>-), and deletes them when each check ends, even after a failure
//     or cancellation; anything it could not delete is listed in the report (sandbox_cleaned_up).
//   - It never sends a valid key to operations whose effect reaches beyond its own resources
//     (organization rename, branding, members, key rotation, change promotion, broadcast); they
//     only get auth probes, and the coverage report says so.
//   - Flows that would alter shared state skip with a reason: integration primaries run only on a
//     channel with no active integration, layout flows only where a default layout exists.
//   - In read-only mode the transport itself refuses anything but GET.
//   - It paces itself with a client-side token bucket (Suite.RPS), honours Retry-After on 429,
//     and spends a rate-limit bucket on purpose only in the opt-in throttled_with_retry_after.
package contracttest
