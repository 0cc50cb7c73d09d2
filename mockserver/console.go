package mockserver

import (
	"errors"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/novumock/novumock/mockserver/console"
	"github.com/novumock/novumock/mockserver/console/view"
)

// The web console (package console) at /_novumock/ui/, under the control API's loopback rule.
// consoleSource is its Backend: every read goes through a store method of store_console.go.

// consoleSubscriberLimit bounds the subscribers page.
const consoleSubscriberLimit = 500

func (s *Server) registerConsoleRoutes(g *echo.Group) {
	h := echo.WrapHandler(console.New(consoleSource{s}, s.consoleHub))
	g.GET("/ui", h)
	g.GET("/ui/*", h)
	g.POST("/ui/*", h) // the Controls page's forms
}

// isConsolePath is true for the console's pages: their answers stream (server-sent events) or
// are HTML, so they skip the JSON answers' buffering.
func isConsolePath(p string) bool {
	return p == console.Prefix || strings.HasPrefix(p, console.Prefix+"/")
}

type consoleSource struct{ s *Server }

var _ console.Backend = consoleSource{}

func (c consoleSource) env(id string) *environment { return c.s.store.environmentByID(id) }

func (c consoleSource) Environments() []view.Environment { return c.s.store.consoleEnvironments() }

func (c consoleSource) Environment(id string) (view.Environment, bool) {
	env := c.env(id)
	if env == nil {
		return view.Environment{}, false
	}
	v := c.s.store.consoleEnvironment(env)
	v.Now = c.s.store.timeOf(env.org) // the organization's own time (clockOffset is atomic)
	v.RateLimitLevel = c.s.limiter.Level()
	v.RateLimitLevels = strings.Split(c.s.limiter.policy.LevelNames(), ", ")
	return v, true
}

func (c consoleSource) Activity(id string, limit int) ([]view.Notification, []view.RejectedTrigger) {
	if env := c.env(id); env != nil {
		return c.s.store.consoleActivity(env, limit)
	}
	return nil, nil
}

func (c consoleSource) Outbox(id string, q view.OutboxQuery) []view.Message {
	if env := c.env(id); env != nil {
		return c.s.store.consoleOutbox(env, q)
	}
	return nil
}

func (c consoleSource) Message(id, messageID string) (view.Message, bool) {
	if env := c.env(id); env != nil {
		return c.s.store.consoleMessage(env, messageID)
	}
	return view.Message{}, false
}

func (c consoleSource) Subscribers(id string) []view.Subscriber {
	if env := c.env(id); env != nil {
		return c.s.store.consoleSubscribers(env, consoleSubscriberLimit)
	}
	return nil
}

func (c consoleSource) Subscriber(id, subscriberID string) (view.Subscriber, []view.Preference, []view.Message, bool) {
	env := c.env(id)
	if env == nil {
		return view.Subscriber{}, nil, nil, false
	}
	sub, feed, ok := c.s.store.consoleSubscriber(env, subscriberID)
	if !ok {
		return sub, nil, nil, false
	}
	var prefs []view.Preference
	if g, err := c.s.store.globalPreference(env, subscriberID); err == nil {
		prefs = append(prefs, view.Preference{Enabled: g.Enabled, Channels: channelSettings(g.Channels.InApp,
			g.Channels.Email, g.Channels.Sms, g.Channels.Chat, g.Channels.Push)})
	}
	if list, err := c.s.store.listPreferences(env, subscriberID); err == nil {
		for _, p := range list {
			ch := p.Preference.Channels
			prefs = append(prefs, view.Preference{Workflow: p.Template.Name, Enabled: p.Preference.Enabled,
				Channels: channelSettings(ch.InApp, ch.Email, ch.Sms, ch.Chat, ch.Push)})
		}
	}
	return sub, prefs, feed, true
}

// channelSettings lists the channels a preference names, in the Inbox's order.
func channelSettings(inApp, email, sms, chat, push *bool) []view.ChannelSetting {
	var out []view.ChannelSetting
	for _, c := range []struct {
		name string
		on   *bool
	}{{"in_app", inApp}, {"email", email}, {"sms", sms}, {"chat", chat}, {"push", push}} {
		if c.on != nil {
			out = append(out, view.ChannelSetting{Channel: c.name, On: *c.on})
		}
	}
	return out
}

func (c consoleSource) Workflows(id string) []view.Workflow {
	if env := c.env(id); env != nil {
		return c.s.store.consoleWorkflows(env)
	}
	return nil
}

func (c consoleSource) Integrations(id string) []view.Integration {
	if env := c.env(id); env != nil {
		return c.s.store.consoleIntegrations(env)
	}
	return nil
}

func (c consoleSource) Topics(id string) []view.Topic {
	if env := c.env(id); env != nil {
		return c.s.store.consoleTopics(env)
	}
	return nil
}

func (c consoleSource) Layouts(id string) []view.Layout {
	if env := c.env(id); env != nil {
		return c.s.store.consoleLayouts(env)
	}
	return nil
}

// Settle runs what fell due in the environment; the Inbox sockets hear of it at once.
func (c consoleSource) Settle(id string) {
	if env := c.env(id); env != nil {
		c.s.store.settleConsole(env)
		c.s.flushLive()
	}
}

func (c consoleSource) Reset() { c.s.resetState() }

// Advance moves the environment's organization's time as POST
// /_novumock/clock/advance?organizationId= does; what fell due runs at once, so the live pages
// (and the Inbox sockets) show it without waiting for a read.
func (c consoleSource) Advance(envID string, d time.Duration) {
	if env := c.env(envID); env != nil && c.s.store.advanceOrganization(env.org.id, d) {
		c.s.settleAndFlush()
	}
}

func (c consoleSource) SetRateLimit(level string) error {
	if !c.s.limiter.policy.ValidLevel(level) {
		return errors.New("level must be one of " + c.s.limiter.policy.LevelNames())
	}
	c.s.limiter.SetLevel(level)
	return nil
}

func (c consoleSource) Requests(id string, q view.RequestQuery, limit int) ([]view.Request, int) {
	if c.env(id) == nil {
		return nil, 0
	}
	return c.s.consoleRequests(JournalQuery{EnvironmentID: id, OperationID: q.OperationID, Status: q.Status,
		SubscriberID: q.SubscriberID, Workflow: q.Workflow}, limit)
}
