package mockserver

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/novumock/novumock/gen"
)

// Inbox section (/v1/inbox/*), as @novu/js 3.x calls it. Every handler acts as the subscriber
// of the request's token (subscriber_auth.go); the store does the work (store_inbox*.go).

func sessionOf(ctx context.Context) subscriberPrincipal {
	p, _ := subscriberFrom(ctx)
	return p
}

// queryFlag reads a boolean query parameter as Novu's transform does: present means `=== 'true'`.
func queryFlag(v *string) *bool {
	if v == nil {
		return nil
	}
	b := *v == "true"
	return &b
}

func (s api) ListInboxNotifications(ctx context.Context, req gen.ListInboxNotificationsRequestObject) (gen.ListInboxNotificationsResponseObject, error) {
	q := req.Params
	f := inboxFilter{tags: deref(q.Tags), read: queryFlag(q.Read), archived: queryFlag(q.Archived),
		seen: queryFlag(q.Seen), snoozed: queryFlag(q.Snoozed), severity: deref(q.Severity)}
	if q.CreatedGte != nil {
		f.createdGte = ptrTo(float64(*q.CreatedGte))
	}
	if q.CreatedLte != nil {
		f.createdLte = ptrTo(float64(*q.CreatedLte))
	}
	if q.Data != nil {
		if err := json.Unmarshal([]byte(*q.Data), &f.data); err != nil {
			return nil, errBadRequest("Invalid data, the JSON object should be provided.")
		}
	}
	pg := inboxPage{limit: derefOr(q.Limit, 10), offset: derefOr(q.Offset, 0)}
	if q.After != nil {
		if !objectIDPattern.MatchString(strings.ToLower(*q.After)) {
			return nil, errValidation("The after cursor must be a valid MongoDB ObjectId")
		}
		pg.after = *q.After
	}
	list, more, err := s.store.listInbox(sessionOf(ctx), f, pg)
	if err != nil {
		return nil, err
	}
	filter := gen.InboxFilter{Tags: q.Tags, Read: f.read, Archived: f.archived, Seen: f.seen, Snoozed: f.snoozed, Severity: q.Severity}
	return gen.ListInboxNotifications200JSONResponse{InboxNotificationPageOKJSONResponse: gen.InboxNotificationPageOKJSONResponse{
		Data: list, HasMore: more, Filter: filter}}, nil
}

// maxCountFilters is Novu's ArrayMaxSize on the count's filters.
const maxCountFilters = 30

func (s api) CountInboxNotifications(ctx context.Context, req gen.CountInboxNotificationsRequestObject) (gen.CountInboxNotificationsResponseObject, error) {
	raw, err := parseCountFilters(req.Params.Filters)
	if err != nil {
		return nil, err
	}
	filters := make([]inboxFilter, len(raw))
	for i, r := range raw {
		filters[i] = inboxFilter{tags: deref(r.Tags), read: r.Read, archived: r.Archived, seen: r.Seen, snoozed: r.Snoozed, severity: deref(r.Severity)}
	}
	counts, err := s.store.countInbox(sessionOf(ctx), filters)
	if err != nil {
		return nil, err
	}
	var out gen.InboxCountEnvelope
	out.Data = make([]struct {
		Count  int             `json:"count"`
		Filter gen.InboxFilter `json:"filter"`
	}, len(counts))
	for i, c := range counts {
		out.Data[i].Count, out.Data[i].Filter = c, raw[i]
	}
	return gen.CountInboxNotifications200JSONResponse{InboxCountOKJSONResponse: gen.InboxCountOKJSONResponse(out)}, nil
}

// parseCountFilters reads the count's `filters` as Novu's DTO does: JSON.parse (anything else is
// its BadRequestException), then class-validator on the array and on each filter's fields.
func parseCountFilters(param *string) ([]gen.InboxFilter, error) {
	if param == nil { // IsDefined, ArrayMaxSize and IsArray fail; ValidateNested skips undefined
		return nil, errValidation("filters should not be null or undefined", "filters must contain no more than 30 elements",
			"filters must be an array")
	}
	var v any
	if err := json.Unmarshal([]byte(*param), &v); err != nil {
		return nil, errBadRequest("Invalid filters, the JSON object should be provided.")
	}
	items, isArray := v.([]any)
	_, isObject := v.(map[string]any)
	switch {
	case v == nil: // every decorator fails on null, as Novu v2.0.0 answers it
		return nil, errValidation("filters should not be null or undefined", "filters must contain no more than 30 elements",
			"filters must be an array", "each value in nested property filters must be either object or array")
	case isObject: // ValidateNested walks an object's values, so only the array checks fail
		return nil, errValidation("filters must contain no more than 30 elements", "filters must be an array")
	case !isArray: // a number, string or boolean also fails ValidateNested
		return nil, errValidation("filters must contain no more than 30 elements", "filters must be an array",
			"each value in nested property filters must be either object or array")
	case len(items) > maxCountFilters:
		return nil, errValidation("filters must contain no more than 30 elements")
	}
	var msgs []string
	out := make([]gen.InboxFilter, len(items))
	for i, item := range items {
		m, ok := item.(map[string]any)
		if !ok {
			// class-validator prefixes the nested sentence with the property path, as v2.0.0 shows.
			msgs = append(msgs, "filters.each value in nested property filters must be either object or array")
			continue
		}
		prefix := fmt.Sprintf("filters.%d.", i)
		for _, name := range []string{"tags", "severity"} {
			if val, ok := m[name]; ok && val != nil {
				list, isList := val.([]any)
				if !isList {
					msgs = append(msgs, prefix+name+" must be an array")
				}
				for _, el := range list {
					if _, isString := el.(string); !isString {
						msgs = append(msgs, prefix+"each value in "+name+" must be a string")
						break
					}
				}
			}
		}
		for _, name := range []string{"read", "archived", "seen", "snoozed"} {
			if val, ok := m[name]; ok && val != nil {
				if _, isBool := val.(bool); !isBool {
					msgs = append(msgs, prefix+name+" must be a boolean value")
				}
			}
		}
		if len(msgs) == 0 {
			b, _ := json.Marshal(m)
			_ = json.Unmarshal(b, &out[i]) // the checks above make this decode
		}
	}
	if len(msgs) > 0 {
		return nil, errValidation(msgs...)
	}
	return out, nil
}

func inboxOK(n gen.InboxNotification) gen.InboxNotificationOKJSONResponse {
	return gen.InboxNotificationOKJSONResponse{Data: n}
}

func flag(b bool) *bool { return &b }

func (s api) MarkInboxNotificationRead(ctx context.Context, req gen.MarkInboxNotificationReadRequestObject) (gen.MarkInboxNotificationReadResponseObject, error) {
	n, err := s.store.markInbox(sessionOf(ctx), req.NotificationId, inboxStatus{read: flag(true)})
	if err != nil {
		return nil, err
	}
	return gen.MarkInboxNotificationRead200JSONResponse{InboxNotificationOKJSONResponse: inboxOK(n)}, nil
}

func (s api) MarkInboxNotificationUnread(ctx context.Context, req gen.MarkInboxNotificationUnreadRequestObject) (gen.MarkInboxNotificationUnreadResponseObject, error) {
	n, err := s.store.markInbox(sessionOf(ctx), req.NotificationId, inboxStatus{read: flag(false)})
	if err != nil {
		return nil, err
	}
	return gen.MarkInboxNotificationUnread200JSONResponse{InboxNotificationOKJSONResponse: inboxOK(n)}, nil
}

func (s api) MarkInboxNotificationArchive(ctx context.Context, req gen.MarkInboxNotificationArchiveRequestObject) (gen.MarkInboxNotificationArchiveResponseObject, error) {
	n, err := s.store.markInbox(sessionOf(ctx), req.NotificationId, inboxStatus{archived: flag(true)})
	if err != nil {
		return nil, err
	}
	return gen.MarkInboxNotificationArchive200JSONResponse{InboxNotificationOKJSONResponse: inboxOK(n)}, nil
}

func (s api) MarkInboxNotificationUnarchive(ctx context.Context, req gen.MarkInboxNotificationUnarchiveRequestObject) (gen.MarkInboxNotificationUnarchiveResponseObject, error) {
	n, err := s.store.markInbox(sessionOf(ctx), req.NotificationId, inboxStatus{archived: flag(false)})
	if err != nil {
		return nil, err
	}
	return gen.MarkInboxNotificationUnarchive200JSONResponse{InboxNotificationOKJSONResponse: inboxOK(n)}, nil
}

func (s api) SnoozeInboxNotification(ctx context.Context, req gen.SnoozeInboxNotificationRequestObject) (gen.SnoozeInboxNotificationResponseObject, error) {
	until, err := time.Parse(time.RFC3339Nano, req.Body.SnoozeUntil)
	if err != nil {
		return nil, errValidation("snoozeUntil must be a valid date")
	}
	n, err := s.store.snoozeInbox(sessionOf(ctx), req.NotificationId, &until)
	if err != nil {
		return nil, err
	}
	return gen.SnoozeInboxNotification200JSONResponse{InboxNotificationOKJSONResponse: inboxOK(n)}, nil
}

func (s api) MarkInboxNotificationUnsnooze(ctx context.Context, req gen.MarkInboxNotificationUnsnoozeRequestObject) (gen.MarkInboxNotificationUnsnoozeResponseObject, error) {
	n, err := s.store.snoozeInbox(sessionOf(ctx), req.NotificationId, nil)
	if err != nil {
		return nil, err
	}
	return gen.MarkInboxNotificationUnsnooze200JSONResponse{InboxNotificationOKJSONResponse: inboxOK(n)}, nil
}

func (s api) CompleteInboxNotificationAction(ctx context.Context, req gen.CompleteInboxNotificationActionRequestObject) (gen.CompleteInboxNotificationActionResponseObject, error) {
	n, err := s.store.actionInbox(sessionOf(ctx), req.NotificationId, gen.MessageActionButtonType(req.Body.ActionType), gen.MessageCtaActionStatusDone)
	if err != nil {
		return nil, err
	}
	return gen.CompleteInboxNotificationAction200JSONResponse{InboxNotificationOKJSONResponse: inboxOK(n)}, nil
}

func (s api) RevertInboxNotificationAction(ctx context.Context, req gen.RevertInboxNotificationActionRequestObject) (gen.RevertInboxNotificationActionResponseObject, error) {
	n, err := s.store.actionInbox(sessionOf(ctx), req.NotificationId, gen.MessageActionButtonType(req.Body.ActionType), gen.MessageCtaActionStatusPending)
	if err != nil {
		return nil, err
	}
	return gen.RevertInboxNotificationAction200JSONResponse{InboxNotificationOKJSONResponse: inboxOK(n)}, nil
}

func (s api) DeleteInboxNotification(ctx context.Context, req gen.DeleteInboxNotificationRequestObject) (gen.DeleteInboxNotificationResponseObject, error) {
	if err := s.store.deleteInbox(sessionOf(ctx), req.NotificationId); err != nil {
		return nil, err
	}
	return gen.DeleteInboxNotification204Response{}, nil
}

// bulkFilter reads the body the bulk routes share; a nil body selects everything.
func bulkFilter(b *gen.InboxBulkFilterRequest) (inboxFilter, error) {
	var f inboxFilter
	if b == nil {
		return f, nil
	}
	f.tags = deref(b.Tags)
	if b.Data != nil {
		if err := json.Unmarshal([]byte(*b.Data), &f.data); err != nil {
			return f, errBadRequest("Invalid data, the JSON object should be provided.")
		}
	}
	return f, nil
}

func (s api) MarkAllInboxNotificationsRead(ctx context.Context, req gen.MarkAllInboxNotificationsReadRequestObject) (gen.MarkAllInboxNotificationsReadResponseObject, error) {
	f, err := bulkFilter(req.Body)
	if err == nil {
		err = s.store.inboxBulk(sessionOf(ctx), f, nil, inboxStatus{read: flag(true)}, false)
	}
	if err != nil {
		return nil, err
	}
	return gen.MarkAllInboxNotificationsRead204Response{}, nil
}

func (s api) ArchiveAllInboxNotifications(ctx context.Context, req gen.ArchiveAllInboxNotificationsRequestObject) (gen.ArchiveAllInboxNotificationsResponseObject, error) {
	f, err := bulkFilter(req.Body)
	if err == nil {
		err = s.store.inboxBulk(sessionOf(ctx), f, nil, inboxStatus{archived: flag(true)}, false)
	}
	if err != nil {
		return nil, err
	}
	return gen.ArchiveAllInboxNotifications204Response{}, nil
}

func (s api) ArchiveAllReadInboxNotifications(ctx context.Context, req gen.ArchiveAllReadInboxNotificationsRequestObject) (gen.ArchiveAllReadInboxNotificationsResponseObject, error) {
	f, err := bulkFilter(req.Body)
	if err == nil {
		f.read = flag(true)
		err = s.store.inboxBulk(sessionOf(ctx), f, nil, inboxStatus{archived: flag(true)}, false)
	}
	if err != nil {
		return nil, err
	}
	return gen.ArchiveAllReadInboxNotifications204Response{}, nil
}

func (s api) DeleteAllInboxNotifications(ctx context.Context, req gen.DeleteAllInboxNotificationsRequestObject) (gen.DeleteAllInboxNotificationsResponseObject, error) {
	f, err := bulkFilter(req.Body)
	if err == nil {
		err = s.store.inboxBulk(sessionOf(ctx), f, nil, inboxStatus{}, true)
	}
	if err != nil {
		return nil, err
	}
	return gen.DeleteAllInboxNotifications204Response{}, nil
}

func (s api) MarkInboxNotificationsSeen(ctx context.Context, req gen.MarkInboxNotificationsSeenRequestObject) (gen.MarkInboxNotificationsSeenResponseObject, error) {
	var (
		f   inboxFilter
		ids []string
		err error
	)
	if b := req.Body; b != nil {
		f, err = bulkFilter(&gen.InboxBulkFilterRequest{Tags: b.Tags, Data: b.Data})
		if b.NotificationIds != nil {
			ids = append([]string{}, *b.NotificationIds...)
		}
	}
	if err == nil {
		err = s.store.inboxBulk(sessionOf(ctx), f, ids, inboxStatus{seen: flag(true)}, false)
	}
	if err != nil {
		return nil, err
	}
	return gen.MarkInboxNotificationsSeen204Response{}, nil
}
