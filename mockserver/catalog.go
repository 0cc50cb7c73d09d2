package mockserver

import "sync"

// knownProviders is every provider id the spec lists, read once from its <Channel>ProviderId
// enums so the catalogue is never restated in Go.
var knownProviders = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	doc, err := loadSpec()
	if err != nil {
		return out
	}
	for _, schema := range []string{"EmailProviderId", "SmsProviderId", "ChatProviderId", "PushProviderId", "InAppProviderId"} {
		if ref := doc.Components.Schemas[schema]; ref != nil {
			for _, v := range ref.Value.Enum {
				if id, ok := v.(string); ok {
					out[id] = true
				}
			}
		}
	}
	return out
})
