package novumocktest_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/novumock/novumock/gen/controlapi"
	"github.com/novumock/novumock/novumocktest"
)

// notifyShipped is the code under test: it triggers the order-shipped workflow through Novu's
// HTTP API at baseURL.
func notifyShipped(ctx context.Context, baseURL, apiKey, user, orderID string) error {
	body := fmt.Sprintf(`{"name":"order-shipped","to":%q,"payload":{"orderId":%q}}`, user, orderID)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/v1/events/trigger", strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "ApiKey "+apiKey)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode >= 300 {
		return fmt.Errorf("novu answered %d", res.StatusCode)
	}
	return nil
}

// Assert what the app sent: one call asks the journal whether the workflow was triggered for
// the subscriber with the payload. (The fake answers 422 for a workflow it does not have, and
// the journal records the attempt all the same.)
func Example() {
	f, stop, _ := novumocktest.Start() // in a test: f := novumocktest.New(t), stopped by t.Cleanup
	defer stop()
	ctx := context.Background()

	_ = notifyShipped(ctx, f.URL, f.DevAPIKey, "user-4821", "A-1")

	n, err := f.Control.Triggered(ctx, "order-shipped", "user-4821", map[string]any{"orderId": "A-1"})
	fmt.Println(n, err)
	// Output: 1 <nil>
}

// Make Novu fail: the next trigger is answered 503, and the app's error path runs.
func ExampleControl_AddFaults() {
	f, stop, _ := novumocktest.Start()
	defer stop()
	ctx := context.Background()

	_, _ = f.Control.AddFaults(ctx, controlapi.FaultRule{OperationId: "TriggerEvent", Status: 503, Times: 1})

	fmt.Println(notifyShipped(ctx, f.URL, f.DevAPIKey, "user-4821", "A-1"))
	// Output: novu answered 503
}

// Test workers that share one fake each take an organization of their own.
func ExampleControl_NewOrganization() {
	f, stop, _ := novumocktest.Start()
	defer stop()
	ctx := context.Background()

	org, _ := f.Control.NewOrganization(ctx, "worker-1")
	fmt.Println(org.Name, org.Environments[0].Environment, org.Environments[1].Environment)
	// Output: worker-1 Development Production
}

// Time travel for one worker: its organization's clock moves (delays fire, idempotency keys and
// rate-limit buckets age), while the shared clock and the other workers' stay.
func ExampleControl_Advance() {
	start := time.Date(2024, 10, 24, 12, 0, 0, 0, time.UTC)
	f, stop, _ := novumocktest.Start(novumocktest.WithClock(func() time.Time { return start }))
	defer stop()
	ctx := context.Background()

	org, _ := f.Control.NewOrganization(ctx, "worker-1")
	own, _ := f.Control.Advance(ctx, org.OrganizationId, 2*time.Hour)
	shared, _ := f.Control.Advance(ctx, "", time.Minute)
	fmt.Println(own.Format(time.Kitchen), shared.Format(time.Kitchen))
	// Output: 2:00PM 12:01PM
}
