package mockserver

import (
	"errors"
	"regexp"
	"strings"

	"github.com/novumock/novumock/gen"
	"github.com/novumock/novumock/internal/handlebars"
	"github.com/novumock/novumock/internal/jsonnull"
)

// sendLocked runs one channel job: it picks the integration, checks the subscriber can be
// reached on the channel, renders the step template into a message and records it.
func (st *store) sendLocked(env *environment, n *notification, j *job) {
	ch := gen.ChannelType(j.typ)
	if !st.stepFiltersPassLocked(env, n, j) {
		// The step's conditions rule it out: Novu cancels the job and the workflow goes on.
		j.status = jobCanceled
		st.detailLocked(env, j, detailFilteredBySteps)
		return
	}
	var override *gen.WorkflowOverride
	if n.tenant != nil {
		override = env.workflows.override(n.workflow.UnderscoreId, n.tenant.UnderscoreId)
	}
	if !st.channelAllowedLocked(env, n.subscriber.SubscriberId, n.workflow, override, ch) {
		// The subscriber switched this channel off: Novu cancels the step with the same detail
		// as a filtered one and creates no message (send-message.usecase.ts:118 at v2.0.0).
		j.status = jobCanceled
		st.detailLocked(env, j, detailFilteredBySteps)
		return
	}
	st.detailLocked(env, j, detailStartSending)
	if integ := st.selectIntegrationLocked(env, n, ch); integ != nil {
		j.providerID = integ.ProviderId
		if ch != gen.ChannelTypeInApp {
			st.detailLocked(env, j, detailIntegrationSelected) // sendSelectedIntegrationExecution
		}
	} else if ch == gen.ChannelTypeInApp {
		j.providerID = "novu" // Novu's own in-app provider
	} else {
		st.failLocked(env, j, detailNoIntegration)
		return
	}
	data := st.compileDataLocked(env, n)
	msg, err := st.newMessageLocked(env, n, j, ch, data)
	if err == nil && ch == gen.ChannelTypeSms && messageText(msg.Content) == "" {
		err = errSMSContentMissing
	}
	var html string
	if err == nil && ch == gen.ChannelTypeEmail {
		html, err = st.emailHTMLLocked(env, n, j, &msg, data)
	}
	if err != nil {
		st.contentNotGeneratedLocked(env, n, j, err)
		return
	}
	detail := addressMessage(&msg, *n.subscriber, n.payload, ch, j.providerID)
	d := &env.delivery
	expireAt := messageExpireAt(st.timeOf(env.org), ch)
	msg.ExpireAt = env.delivery.expireStamp(expireAt)
	d.noteExpiryLocked(expireAt.Add(ttlGrace))
	if detail == detailNoRecipient {
		// An e-mail or SMS step without an address still creates its message, marked with a
		// warning (send-message-email.usecase.ts:384, send-message-sms.usecase.ts:190 at v2.0.0,
		// after the content compiled); the job ends failed, as a real v2.0.0 shows it.
		d.messages.put(msg.UnderscoreId, &msg)
		j.messageID = msg.UnderscoreId
		st.detailLocked(env, j, detailMessageCreated)
		st.failLocked(env, j, detailNoRecipient)
		return
	}
	d.messages.put(msg.UnderscoreId, &msg)
	if ch == gen.ChannelTypeInApp {
		sid := n.subscriber.UnderscoreId
		d.inbox[sid] = append(d.inbox[sid], msg.UnderscoreId)
		st.announceLocked(env, sid, liveReceived, msg.UnderscoreId)
	}
	j.messageID = msg.UnderscoreId
	j.status = jobCompleted
	st.detailLocked(env, j, detailMessageCreated)
	st.detailLocked(env, j, detailMessageSent)
	rec := outboxRecord{subscriberID: n.subscriber.SubscriberId, msg: &msg, html: html}
	d.outbox = append(d.outbox, rec)
	if ch == gen.ChannelTypeEmail && st.onEmail != nil {
		st.onEmail(env, rec)
	}
}

// errSMSContentMissing is what Novu's SMS send throws when the content renders empty
// (send-message-sms.usecase.ts), reported like a template that fails.
var errSMSContentMissing = errors.New("Unexpected error: SMS content is missing")

// contentNotGeneratedLocked ends a send whose templates Novu could not compile: no message, a
// failed "Message content could not be generated" detail carrying the error, and the job
// completed (Novu's send returns normally and the workflow goes on). The fake logs it too, so a
// template it cannot render never goes unnoticed.
func (st *store) contentNotGeneratedLocked(env *environment, n *notification, j *job, err error) {
	j.status = jobCompleted
	j.contentErr = err.Error()
	st.detailLocked(env, j, detailContentNotGenerated)
	st.log.Warn("step template not rendered", "environment", env.model.Name, "workflow", triggerIdentifier(n.workflow),
		"step", j.typ, "transactionId", n.txn, "error", err)
}

// selectIntegrationLocked is Novu's SelectIntegration for a step's channel
// (libs/application-generic/src/usecases/select-integration/select-integration.usecase.ts at
// v2.0.0). An e-mail or SMS step whose trigger overrides name an integrationIdentifier takes the
// newest active integration of the organization with that identifier, or none. Otherwise the
// newest active one of the environment (for e-mail and SMS, the primary) is the choice, unless
// the trigger runs for a tenant: then the first active integration of the channel whose
// conditions pass for that tenant wins. Chat and push pick by the subscriber's channels in Novu;
// the fake keeps its primary-then-priority rule for them.
func (st *store) selectIntegrationLocked(env *environment, n *notification, ch gen.ChannelType) *gen.Integration {
	withPrimary := ch == gen.ChannelTypeEmail || ch == gen.ChannelTypeSms
	if ch == gen.ChannelTypeChat || ch == gen.ChannelTypePush {
		return st.deliveryIntegrationLocked(env, ch)
	}
	newest := func(found, i *gen.Integration) *gen.Integration {
		if found == nil || i.CreatedAt >= found.CreatedAt {
			return i
		}
		return found
	}
	var found *gen.Integration
	if o, ok := n.overrides[string(ch)].(map[string]any); ok && withPrimary {
		if ident, _ := o["integrationIdentifier"].(string); ident != "" {
			for _, i := range env.org.integrations.all() {
				if i.Channel == ch && i.Active && i.Identifier == ident {
					found = newest(found, i)
				}
			}
			return found
		}
	}
	for _, i := range env.org.channelIntegrations(env.id, ch, true) {
		if !withPrimary || i.Primary {
			found = newest(found, i)
		}
	}
	if n.tenant != nil {
		vars := map[string]any{"tenant": n.tenant}
		for _, i := range env.org.channelIntegrations(env.id, ch, true) {
			if i.Conditions != nil && len(*i.Conditions) > 0 && st.filtersPassLocked(env, n, *i.Conditions, vars) {
				return i
			}
		}
	}
	return found
}

// emailHTMLLocked is an e-mail as the provider would receive it: the rendered content put in
// place of {{{body}}} in a layout, whose own variables are rendered too. The layout is the one
// named by the trigger's overrides.layoutIdentifier, else the step's, else the environment's
// default; without any, the content alone. The layout sees the message's variables plus body.
func (st *store) emailHTMLLocked(env *environment, n *notification, j *job, msg *gen.Message, vars handlebars.Converted) (string, error) {
	content := messageText(msg.Content)
	var layout *gen.Layout
	if ident, ok := n.overrides["layoutIdentifier"].(string); ok {
		layout = env.layouts.items.get(env.layouts.byIdent[ident])
	}
	if layout == nil && j.step.Template != nil && refValue(j.step.Template.UnderscoreLayoutId) != "" {
		layout = env.layouts.items.get(refValue(j.step.Template.UnderscoreLayoutId))
	}
	if layout == nil {
		layout = env.layouts.items.get(env.layouts.defaultID)
	}
	if layout == nil {
		return content, nil
	}
	if p := preheaderOf(j.step); p != "" {
		rendered, err := renderTemplate(p, vars)
		if err != nil {
			return "", err
		}
		vars["preheader"] = strings.TrimSpace(rendered)
	}
	vars["body"] = content // the message is rendered already: the last use of vars
	return renderTemplate(withPreheader(layout.Content), vars)
}

// bodyTag is the first <body> tag of a layout, as CompileEmailTemplate.addPreheader finds it.
var bodyTag = regexp.MustCompile(`<body\b[^<>]*?>`)

// preheaderBlock is what CompileEmailTemplate.addPreheader puts right after the layout's first
// <body> tag (compile-email-template.usecase.ts:177-187 at v2.0.0): the rendered preheader in a
// hidden div, followed by spacing entities, only when the step has one.
const preheaderBlock = "{{#if preheader}}\n          <div style=\"display: none; max-height: 0px; overflow: hidden;\">\n            {{preheader}}\n            &nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;\n          </div>\n        {{/if}}"

// withPreheader is layout with preheaderBlock after its first <body> tag (unchanged without one).
func withPreheader(layout string) string {
	loc := bodyTag.FindStringIndex(layout)
	if loc == nil {
		return layout
	}
	return layout[:loc[1]] + preheaderBlock + layout[loc[1]:]
}

// addressMessage fills in where a message goes; it answers the execution detail of a
// subscriber that cannot be reached on the channel, or detailNone. An e-mail or SMS address in
// the payload wins over the subscriber's (`command.payload.email || subscriber.email`); without
// one the message is marked as Novu marks it.
func addressMessage(msg *gen.Message, sub gen.Subscriber, payload map[string]any, ch gen.ChannelType, providerID string) detailKind {
	switch ch {
	case gen.ChannelTypeEmail:
		email := emailOf(sub)
		if v, ok := payload["email"].(string); ok && v != "" {
			email = &v
		}
		if email == nil || *email == "" {
			msg.Status, msg.ErrorId = gen.MessageStatusWarning, ptrTo("mail_unexpected_error")
			msg.ErrorText = ptrTo("Subscriber does not have an email address")
			return detailNoRecipient
		}
		msg.Email = email
	case gen.ChannelTypeSms:
		phone := sub.Phone
		if v, ok := payload["phone"].(string); ok && v != "" {
			phone = &v
		}
		if deref(phone) == "" {
			msg.Status, msg.ErrorId = gen.MessageStatusWarning, ptrTo("no_subscriber_phone")
			msg.ErrorText = ptrTo("Subscriber does not have active phone")
			return detailNoRecipient
		}
		msg.Phone = phone
	case gen.ChannelTypeChat, gen.ChannelTypePush:
		creds, ok := subscriberCredentials(sub, providerID)
		switch {
		case ok && ch == gen.ChannelTypeChat && deref(creds.WebhookUrl) != "":
			msg.DirectWebhookUrl = creds.WebhookUrl
		case ok && ch == gen.ChannelTypePush && creds.DeviceTokens != nil && len(*creds.DeviceTokens) > 0:
			tokens := append([]string(nil), *creds.DeviceTokens...)
			msg.DeviceTokens = &tokens
		default:
			return detailNoChannel
		}
	}
	return detailNone
}

func subscriberCredentials(sub gen.Subscriber, providerID string) (gen.ChannelCredentials, bool) {
	if sub.Channels == nil {
		return gen.ChannelCredentials{}, false
	}
	for _, c := range *sub.Channels {
		if c.ProviderId == providerID {
			return c.Credentials, true
		}
	}
	return gen.ChannelCredentials{}, false
}

var objectIDPattern = regexp.MustCompile(`^[0-9a-f]{24}$`)

// newMessageLocked renders the job's step template into a message with the notification's
// template variables; the error is the first template that fails.
func (st *store) newMessageLocked(env *environment, n *notification, j *job, ch gen.ChannelType, vars handlebars.Converted) (gen.Message, error) {
	now := env.delivery.stamp(st.timeOf(env.org))
	tmpl := gen.MessageTemplate{}
	if j.step.Template != nil {
		tmpl = *j.step.Template
	}
	tmplID := deref(tmpl.UnderscoreId)
	if tmplID == "" {
		tmplID = deref(j.step.UnderscoreTemplateId)
	}
	if tmplID == "" {
		tmplID = deref(j.step.UnderscoreId)
	}
	msg := gen.Message{UnderscoreId: st.newID(), UnderscoreTemplateId: n.workflow.UnderscoreId,
		UnderscoreEnvironmentId: env.id, UnderscoreMessageTemplateId: tmplID, UnderscoreOrganizationId: env.org.id,
		UnderscoreNotificationId: n.id, UnderscoreSubscriberId: n.subscriber.UnderscoreId, UnderscoreJobId: &j.id,
		TemplateIdentifier: triggerIdentifier(n.workflow), Channel: ch, ProviderId: j.providerID,
		TransactionId: n.txn, Payload: n.payload, Overrides: &n.overrides, Status: gen.MessageStatusSent,
		CreatedAt: now, UpdatedAt: now,
		// The message schema's defaults: not archived, no device tokens (message.schema.ts at v2.0.0).
		Archived: &newMessage.archived, DeviceTokens: &newMessage.deviceTokens}
	content, err := renderContent(tmpl.Content, vars)
	if err != nil {
		return msg, err
	}
	msg.Content = &content
	if msg.Cta, err = messageCta(tmpl.Cta, vars); err != nil {
		return msg, err
	}
	if tmpl.Subject != nil && ch == gen.ChannelTypeEmail {
		subject, err := renderTemplate(*tmpl.Subject, vars)
		if err != nil {
			return msg, err
		}
		msg.Subject = &subject
	}
	if tmpl.Title != nil && ch == gen.ChannelTypePush {
		title, err := renderTemplate(*tmpl.Title, vars)
		if err != nil {
			return msg, err
		}
		msg.Title = &title
	}
	if ch == gen.ChannelTypeInApp {
		// As a real v2.0.0 answers an in-app message: no overrides, tags [], kept a year, and
		// the call to action with its (schema-default) empty buttons.
		msg.Overrides = nil
		msg.Tags = &newMessage.tags
		if msg.Cta.Action == nil {
			msg.Cta.Action = &newMessage.action
		}
		msg.Payload = withoutAttachments(n.payload) // Novu keeps no attachments on in-app messages
		// The step template's _feedId, null when it has none (send-message-in-app.usecase.ts).
		msg.UnderscoreFeedId = jsonnull.Null()
		if feed := refValue(tmpl.UnderscoreFeedId); objectIDPattern.MatchString(feed) {
			msg.UnderscoreFeedId = jsonnull.Value(feed)
		}
		// The step's actor is copied as stored (data null stays null), with the trigger's actor
		// as _actorId, only when its type is not none (send-message-in-app.usecase.ts:230 at
		// v2.0.0): without one the message has neither.
		if a := tmpl.Actor; a != nil && a.Type != nil && *a.Type != gen.TemplateActorTypeNone {
			msg.Actor = &gen.MessageActor{Type: gen.MessageActorType(*a.Type), Data: a.Data}
			if n.actor != nil {
				msg.UnderscoreActorId = &n.actor.UnderscoreId
			}
		}
	}
	return msg, nil
}

// newMessage holds the values every new message starts with (the message schema's defaults:
// not archived, no device tokens; in-app: tags [] and a call to action with no buttons), shared
// by all of them: a message is replaced, never changed in place (updates put a changed copy with
// new pointers), so nothing is ever written through these.
var newMessage = struct {
	archived     bool
	deviceTokens []string
	tags         []string
	action       messageCtaAction
}{deviceTokens: []string{}, tags: []string{}, action: messageCtaAction{Buttons: &[]gen.MessageActionButton{}}}

// withoutAttachments is payload without its attachments key (the same map when it has none).
func withoutAttachments(payload map[string]any) map[string]any {
	if _, ok := payload["attachments"]; !ok {
		return payload
	}
	out := make(map[string]any, len(payload))
	for k, v := range payload {
		if k != "attachments" {
			out[k] = v
		}
	}
	return out
}

// messageCta copies a step's call to action with its URL and button texts rendered; buttons
// start pending.
func messageCta(t *gen.TemplateCta, vars handlebars.Converted) (gen.MessageCta, error) {
	var cta gen.MessageCta
	if t == nil {
		return cta, nil
	}
	if t.Type != nil {
		cta.Type = ptrTo(gen.MessageCtaType(*t.Type))
	}
	if t.Data != nil && t.Data.Url != nil {
		url, err := renderTemplate(*t.Data.Url, vars)
		if err != nil {
			return cta, err
		}
		cta.Data = &gen.MessageCtaData{Url: &url}
	}
	if t.Action != nil && t.Action.Buttons != nil && len(*t.Action.Buttons) > 0 {
		buttons := make([]gen.MessageActionButton, 0, len(*t.Action.Buttons))
		for _, b := range *t.Action.Buttons {
			content, err := renderTemplate(b.Content, vars)
			if err != nil {
				return cta, err
			}
			buttons = append(buttons, gen.MessageActionButton{Type: gen.MessageActionButtonType(b.Type),
				Content: content, ResultContent: b.ResultContent})
		}
		cta.Action = &messageCtaAction{Buttons: &buttons, Status: ptrTo(gen.MessageCtaActionStatusPending)}
	}
	return cta, nil
}

// messageCtaAction is the generated anonymous type of MessageCta.Action.
type messageCtaAction = struct {
	Buttons *[]gen.MessageActionButton `json:"buttons,omitempty"`
	Result  *struct {
		Payload *map[string]interface{}         `json:"payload,omitempty"`
		Type    *gen.MessageCtaActionResultType `json:"type,omitempty"`
	} `json:"result,omitempty"`
	Status *gen.MessageCtaActionStatus `json:"status,omitempty"`
}

func triggerIdentifier(wf *gen.Workflow) string {
	if len(wf.Triggers) > 0 {
		return wf.Triggers[0].Identifier
	}
	return ""
}

// templateVars is what a step's conditions read (on payload, subscriber or tenant), as Novu's
// worker hands them to its conditions filter: each under its own name.
func (n *notification) templateVars() map[string]any {
	vars := map[string]any{"payload": n.payload, "subscriber": n.subscriber}
	if n.actor != nil {
		vars["actor"] = n.actor
	}
	if n.tenant != nil {
		vars["tenant"] = n.tenant
	}
	if n.stepVars != nil {
		vars["step"] = n.stepVars
	}
	return vars
}

// defaultBrandColor is the colour Novu gives templates when the organization set none.
const defaultBrandColor = "#f47373"

// compileDataLocked is what a step's templates (content, subject, title, CTA, layout) see, as
// Novu's worker builds it: the trigger's payload spread at the top level, then subscriber, step,
// tenant and actor over it, and the organization's branding. There is no `payload` key, so
// {{name}} renders payload.name and {{payload.name}} renders empty text, as in Novu. (These are
// templateVars without payload, spread over the payload; built here directly, without that
// map.)
func (st *store) compileDataLocked(env *environment, n *notification) handlebars.Converted {
	data := make(map[string]any, len(n.payload)+4)
	for k, v := range n.payload {
		data[k] = v
	}
	delete(data, "subscriber") // the subscriber's own value is set below
	if n.actor != nil {
		data["actor"] = n.actor
	}
	if n.tenant != nil {
		data["tenant"] = n.tenant
	}
	if n.stepVars != nil {
		data["step"] = n.stepVars
	} else if _, ok := data["step"]; !ok {
		data["step"] = stepBeforeDigest
	}
	data["branding"] = defaultBranding
	if b := env.org.model.Branding; b != nil && (deref(b.Color) != "" || b.Logo != nil) {
		branding := map[string]any{"color": defaultBrandColor}
		if c := deref(b.Color); c != "" {
			branding["color"] = c
		}
		if b.Logo != nil {
			branding["logo"] = *b.Logo
		}
		data["branding"] = branding
	}
	// The step's templates all read this: the payload, actor and tenant become JSON values once
	// here instead of once per template; the subscriber's value is converted once per stored
	// subscriber and set after, so that it is not walked again.
	values, _ := handlebars.Values(data).(map[string]any)
	values["subscriber"] = nil
	if n.subscriber != nil {
		values["subscriber"] = env.org.subscriberValueLocked(n.subscriber)
	}
	return handlebars.Converted(values) // each render reads it as it is, without walking it again
}

// maxSubscriberValues bounds organization.subscriberValues (about 1 kB each).
const maxSubscriberValues = 4096

// subscriberValueLocked is the subscriber as templates read it, converted once per stored value.
func (org *organization) subscriberValueLocked(sub *gen.Subscriber) any {
	if v, ok := org.subscriberValues[sub]; ok {
		return v
	}
	if org.subscriberValues == nil || len(org.subscriberValues) >= maxSubscriberValues {
		org.subscriberValues = make(map[*gen.Subscriber]any)
	}
	v := handlebars.Values(sub)
	org.subscriberValues[sub] = v
	return v
}

// stepBeforeDigest and defaultBranding are the `step` and `branding` most sends see; templates
// only read them, so every send shares these two.
var (
	stepBeforeDigest = map[string]any{"digest": false}
	defaultBranding  = map[string]any{"color": defaultBrandColor}
)

// outboxRecord is one delivery as the outbox keeps it: the message as sent, shared with the
// messages table. Messages are replaced, never changed in place (the feed's updates put a
// copy), so the pointer keeps the sent version even after the message is marked or deleted.
type outboxRecord struct {
	subscriberID string
	msg          *gen.Message
	html         string // e-mail only: the content in its layout, as rendered when sent
}

func preheaderOf(step *gen.NotificationStep) string {
	if step == nil || step.Template == nil {
		return ""
	}
	return deref(step.Template.Preheader)
}
