package gen

import (
	"bytes"
	stdjson "encoding/json"
	"fmt"
	"testing"

	"github.com/brianvoe/gofakeit/v7"
	"github.com/segmentio/encoding/json"
)

// novu.gen.go encodes every answer with segmentio's json (see internal/cmd/genjson), so that
// package must write exactly what encoding/json writes. This fills the main answer types with
// random values (strings with HTML, control characters and invalid UTF-8 included) and compares
// the two encoders byte for byte.
func TestSegmentioEncodesLikeEncodingJSON(t *testing.T) {
	faker := gofakeit.New(7)
	awkward := []string{"<b>a&b</b>", "line\u2028sep\u2029", "bad \xff utf-8", "nul\x00tab\t", `"quoted" \ back`, "emoji 😀 é"}
	types := []func() any{
		func() any { return new(Subscriber) }, func() any { return new(SubscriberPage) },
		func() any { return new(Activity) }, func() any { return new(ActivityPage) },
		func() any { return new(Message) }, func() any { return new(MessagePage) },
		func() any { return new(NotificationFeedPage) }, func() any { return new(Integration) },
		func() any { return new(Workflow) }, func() any { return new(WorkflowPage) },
		func() any { return new(Layout) }, func() any { return new(Tenant) }, func() any { return new(Topic) },
		func() any { return new(Change) }, func() any { return new(Environment) }, func() any { return new(Organization) },
		func() any { return new(Feed) }, func() any { return new(Member) }, func() any { return new(SubscriberPreference) },
		func() any { return new(TriggerEventResponse) },
	}
	for _, newValue := range types {
		name := fmt.Sprintf("%T", newValue())
		t.Run(name, func(t *testing.T) {
			for i := range 15 {
				v := newValue()
				if err := faker.Struct(v); err != nil {
					t.Fatal(err)
				}
				// Also a free-form map, where the encoders sort keys and box values.
				extra := map[string]any{"value": v, awkward[i%len(awkward)]: awkward, "n": faker.Float64()}
				for _, x := range []any{v, extra} {
					var want, got bytes.Buffer
					errWant := stdjson.NewEncoder(&want).Encode(x)
					errGot := json.NewEncoder(&got).Encode(x)
					if (errWant == nil) != (errGot == nil) || want.String() != got.String() {
						t.Fatalf("value %d:\nencoding/json (%v): %s\nsegmentio     (%v): %s", i, errWant, want.String(), errGot, got.String())
					}
				}
			}
		})
	}
}
