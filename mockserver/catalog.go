package mockserver

import "github.com/novumock/novumock/gen"

// knownProvider tells whether id is a provider id the spec lists in one of its
// <Channel>ProviderId enums. The generated enum types carry the list, so the catalogue is never
// restated in Go, and the request-side spec (which drops these unreferenced schemas) need not
// keep it.
func knownProvider(id string) bool {
	return gen.EmailProviderId(id).Valid() || gen.SmsProviderId(id).Valid() || gen.ChatProviderId(id).Valid() ||
		gen.PushProviderId(id).Valid() || gen.InAppProviderId(id).Valid()
}
