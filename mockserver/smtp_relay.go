package mockserver

import (
	"time"

	"github.com/novumock/novumock/internal/smtprelay"
)

// relayEmail queues an e-mail just sent for the SMTP relay (Options.SMTPRelay): the HTML as the
// provider would get it (in its layout), from the sending integration's sender. It runs under
// the organization's lock and never blocks: the relay's queue drops what does not fit.
func (s *Server) relayEmail(env *environment, rec outboxRecord) {
	m := smtprelay.Message{To: rec.address(), Subject: deref(rec.msg.Subject), HTML: rec.html,
		MessageID: rec.msg.UnderscoreId, Date: s.clock.Now(),
		Headers: map[string]string{"X-Novumock-Workflow": rec.msg.TemplateIdentifier,
			"X-Novumock-Transaction-Id": rec.msg.TransactionId, "X-Novumock-Subscriber-Id": rec.subscriberID,
			"X-Novumock-Environment": env.model.Name}}
	if in := sentThrough(env, rec.msg); in != nil {
		m.From, m.FromName = deref(in.Credentials.From), deref(in.Credentials.SenderName)
	}
	s.relay.Enqueue(m)
}

// CloseRelay stops the SMTP relay, giving the e-mails still queued up to wait to go out; a
// server without a relay has nothing to do.
func (s *Server) CloseRelay(wait time.Duration) {
	if s.relay != nil {
		s.relay.Close(wait)
	}
}
