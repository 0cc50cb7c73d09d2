package mockserver

import (
	"strings"

	"github.com/novumock/novumock/gen"
)

// knownProvider tells whether id is a provider id the spec lists in one of its
// <Channel>ProviderId enums. The generated enum types carry the list, so the catalogue is never
// restated in Go, and the request-side spec (which drops these unreferenced schemas) need not
// keep it.
func knownProvider(id string) bool {
	return gen.EmailProviderId(id).Valid() || gen.SmsProviderId(id).Valid() || gen.ChatProviderId(id).Valid() ||
		gen.PushProviderId(id).Valid() || gen.InAppProviderId(id).Valid()
}

// providerNames are the display names of Novu's provider catalogue (@novu/shared's channel
// provider lists), which name an integration created without a name. Ids the catalogue leaves
// out (emailjs) fall back to the capitalised id, as Novu's do.
var providerNames = map[string]string{
	// email
	"novu-email": "Novu Email", "mailgun": "Mailgun", "mailjet": "Mailjet", "mailtrap": "Mailtrap",
	"mandrill": "Mandrill", "postmark": "Postmark", "sendgrid": "SendGrid", "sendinblue": "Sendinblue",
	"ses": "SES", "netcore": "Netcore", "nodemailer": "Custom SMTP", "mailersend": "MailerSend",
	"outlook365": "Microsoft Outlook365", "infobip-email": "Infobip", "braze": "Braze", "resend": "Resend",
	"plunk": "Plunk", "sparkpost": "SparkPost", "email-webhook": "Email Webhook",
	// sms
	"novu-sms": "Novu SMS", "nexmo": "Nexmo", "plivo": "Plivo", "sms77": "sms77", "sns": "SNS",
	"telnyx": "Telnyx", "messagebird": "MessageBird", "twilio": "Twilio", "gupshup": "Gupshup",
	"firetext": "Firetext", "infobip-sms": "Infobip", "burst-sms": "BurstSMS", "bulk-sms": "BulkSMS",
	"isend-sms": "iSend SMS", "clickatell": "clickatell", "forty-six-elks": "46elks", "kannel": "Kannel SMS",
	"maqsam": "Maqsam", "sms-central": "SMS Central", "termii": "Termii", "africas-talking": "Africa's Talking",
	"sendchamp": "Sendchamp", "generic-sms": "Generic SMS", "clicksend": "Clicksend",
	"simpletexting": "SimpleTexting", "bandwidth": "Bandwidth", "azure-sms": "Azure Sms",
	"ring-central": "RingCentral", "brevo-sms": "Brevo", "eazy-sms": "Eazy", "mobishastra": "Mobishastra",
	// chat
	"slack": "Slack", "discord": "Discord", "grafana-on-call": "Grafana On Call Webhook", "msteams": "MSTeams",
	"mattermost": "Mattermost", "ryver": "Ryver", "zulip": "Zulip", "getstream": "GetStream",
	"rocket-chat": "Rocket.Chat", "whatsapp-business": "WhatsApp Business",
	// push
	"one-signal": "OneSignal", "pushpad": "Pushpad", "fcm": "Firebase Cloud Messaging", "expo": "Expo Push",
	"apns": "APNs", "push-webhook": "Push Webhook", "pusher-beams": "Pusher Beams",
	// in_app
	"novu": "Novu Inbox",
}

// providerDisplayName is the name an integration created without one gets.
func providerDisplayName(providerID string) string {
	if name, ok := providerNames[providerID]; ok {
		return name
	}
	if providerID == "" {
		return providerID
	}
	return strings.ToUpper(providerID[:1]) + providerID[1:]
}
