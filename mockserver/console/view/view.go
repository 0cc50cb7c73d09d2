// Package view holds the plain records the web console (package console) shows: what the fake's
// store hands out for display, without any of the store's own types, so that the console reads
// state only through the Backend methods and the store imports nothing of HTTP.
package view

import "time"

// Environment is one environment of one organization.
type Environment struct {
	ID, Name         string
	OrgID, OrgName   string
	APIKey           string
	PendingDelays    int       // notifications held by a delay or digest
	NextResume       time.Time // when the first of them is due; zero without any
	Now              time.Time // the fake's clock
	RateLimitLevel   string
	RateLimitLevels  []string
	NotificationsCnt int
}

// Notification is one workflow run for one subscriber: a row of the activity page.
type Notification struct {
	ID, TransactionID      string
	Workflow, WorkflowName string // trigger identifier and name as triggered
	SubscriberID           string
	CreatedAt              time.Time
	Payload                string // the trigger's payload as indented JSON
	Steps                  []Step
}

// Step is one job of a notification with its outcome.
type Step struct {
	JobID, Type, Status string
	Provider            string
	Reason              string    // why it was skipped, failed or filtered; empty when it went out
	Until               time.Time // a held delay or digest: when it is due
	MessageID           string    // the message it created, if any
}

// RejectedTrigger is a trigger that produced no notification, with the reason.
type RejectedTrigger struct {
	Name, TransactionID, Status string
	ReceivedAt                  string
	Errors                      []string
}

// Message is one delivered message (the outbox) or one in-app message of a feed.
type Message struct {
	ID, Channel, Provider        string
	Workflow, TransactionID      string
	SubscriberID, To, From       string
	Subject, Title, Content      string
	HTML                         string // e-mail: as sent, in its layout
	Payload                      string // JSON, indented
	SentAt                       string
	Seen, Read, Archived         bool
	SnoozedUntil                 string // the Inbox's snooze; empty when not snoozed
	LastSeenDate, LastReadDate   string
	IntegrationName, Integration string // the integration's name and identifier
}

// OutboxQuery narrows the outbox; empty fields match everything. Text fields match substrings.
type OutboxQuery struct {
	Channel, Recipient, Workflow, TransactionID string
}

// Subscriber is a subscriber's profile.
type Subscriber struct {
	SubscriberID, FirstName, LastName, Email, Phone, Locale string
	Online                                                  bool
	Data                                                    string // JSON
	CreatedAt                                               string
	Credentials                                             []Credential
	Topics                                                  []string
}

// Credential is one provider's channel credentials of a subscriber.
type Credential struct {
	ProviderID, Integration string
	DeviceTokens            []string
	WebhookURL              string
}

// Preference is a subscriber's setting for one workflow, or the global one (Workflow empty).
type Preference struct {
	Workflow string
	Enabled  bool
	Channels []ChannelSetting
}

// ChannelSetting is one channel switched on or off.
type ChannelSetting struct {
	Channel string
	On      bool
}

// Workflow is a workflow with its steps.
type Workflow struct {
	ID, Name, Identifier string
	Active, Critical     bool
	Group                string
	Tags                 []string
	Steps                []WorkflowStep
}

// WorkflowStep is one step of a workflow.
type WorkflowStep struct {
	Type, Name string
	Active     bool
	Filters    int
	Detail     string // delay/digest amount, e-mail subject
}

// Integration is one integration of the organization for this environment.
type Integration struct {
	ID, Name, Identifier, ProviderID, Channel string
	Active, Primary                           bool
}

// Topic is a topic with its members.
type Topic struct {
	Key, Name string
	Members   []string
}

// Layout is an e-mail layout.
type Layout struct {
	ID, Name, Identifier string
	Default              bool
	Content              string
}

// Request is one API request of the journal, as the requests page shows it.
type Request struct {
	ID                    int64
	Time                  string // as recorded (ISO 8601, the shared clock)
	Method, Path, Query   string
	OperationID           string
	Status                int // 0 when a fault dropped the connection
	LatencyMs             float64
	Fault                 string
	RequestBody, Response string // the bodies as text (JSON indented); empty when there was none
}

// RequestQuery narrows the requests page; empty fields match everything. Status is a status
// ("201") or a class ("4xx").
type RequestQuery struct {
	OperationID, Status, SubscriberID, Workflow string
}
