package mockserver

// subscriberPrefs is what a subscriber chose: the global switch and channels, and per workflow
// (by workflow _id) the workflow switch and channels. Unset means "inherit".
type subscriberPrefs struct {
	global    prefSetting
	workflows map[string]prefSetting
}

type prefSetting struct {
	enabled  *bool
	channels map[string]bool // channel type -> enabled
}
