// Package novumocktest runs the novumock fake of the Novu API inside a Go test: New starts it on
// a loopback port, answers its base URL and keys, and stops it when the test ends.
//
// Each call gets a fake of its own, so tests can call t.Parallel freely. Tests that would rather
// share one fake can give each worker an organization of its own (Control.NewOrganization) and
// a view of the control API scoped to it (Control.ForOrganization).
// Control drives the fake's control API: the request journal (what the app sent), fault rules
// (how the app copes when Novu fails), the clock (shared, or one organization's alone), the
// outbox and resets.
//
//	func TestShipping(t *testing.T) {
//		f := novumocktest.New(t)
//		app := myapp.New(f.URL, f.DevAPIKey) // the app's Novu client, pointed at the fake
//		app.Ship(t.Context(), "user-4821", "A-1")
//		n, err := f.Control.Triggered(t.Context(), "order-shipped", "user-4821", map[string]any{"orderId": "A-1"})
//		if err != nil || n != 1 {
//			t.Fatalf("want one order-shipped trigger for user-4821 with orderId A-1, got %d (%v)", n, err)
//		}
//	}
//
// New takes 1-2 ms (BenchmarkNew: build, listen, first answer, stop), so a fake per test costs
// little; the first one in a test binary also loads the embedded spec, once (35-80 ms measured).
package novumocktest
