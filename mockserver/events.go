package mockserver

import (
	"context"
	"net/http"

	"github.com/novumock/novumock/gen"
)

// Events: trigger, bulk trigger, broadcast and cancel. The work happens in the store
// (store_delivery*.go); these handlers decode and wrap.

func (s api) TriggerEvent(ctx context.Context, request gen.TriggerEventRequestObject) (gen.TriggerEventResponseObject, error) {
	res, err := s.store.trigger(principalFrom(ctx), triggerInputFrom(*request.Body))
	if err != nil {
		return nil, err
	}
	return triggerAccepted(res), nil
}

// triggerAccepted is TriggerEvent's 201, the generated response's bytes written through
// writeJSON (every request of the bench's trigger load answers one).
type triggerAccepted gen.TriggerEventResult

func (res triggerAccepted) VisitTriggerEventResponse(w http.ResponseWriter) error {
	return writeJSON(w, http.StatusCreated, &gen.TriggerEventResultEnvelope{Data: gen.TriggerEventResult(res)})
}

func (s api) BulkTriggerEvents(ctx context.Context, request gen.BulkTriggerEventsRequestObject) (gen.BulkTriggerEventsResponseObject, error) {
	events := make([]any, len(request.Body.Events))
	for i, ev := range request.Body.Events {
		if ev != nil {
			events[i] = *ev
		}
	}
	res := s.store.bulkTrigger(principalFrom(ctx), events)
	return gen.BulkTriggerEvents201JSONResponse{TriggerEventResultListOKJSONResponse: gen.TriggerEventResultListOKJSONResponse{
		Body: gen.TriggerEventResultListEnvelope{Data: res}}}, nil
}

func (s api) BroadcastEvent(ctx context.Context, request gen.BroadcastEventRequestObject) (gen.BroadcastEventResponseObject, error) {
	res, err := s.store.trigger(principalFrom(ctx), broadcastInputFrom(*request.Body))
	if err != nil {
		return nil, err
	}
	return gen.BroadcastEvent201JSONResponse{TriggerEventResultOKJSONResponse: gen.TriggerEventResultOKJSONResponse{
		Body: gen.TriggerEventResultEnvelope{Data: res}}}, nil
}

func (s api) CancelTriggeredEvent(ctx context.Context, request gen.CancelTriggeredEventRequestObject) (gen.CancelTriggeredEventResponseObject, error) {
	ok := s.store.cancelTransaction(principalFrom(ctx), request.TransactionId)
	return gen.CancelTriggeredEvent200JSONResponse{BooleanJSONResponse: gen.BooleanJSONResponse{
		Body: gen.BooleanEnvelope{Data: ok}}}, nil
}

// SendTestEmail is the dashboard editor's test send; the pipeline refuses API keys before it
// gets here, and answering the same way keeps that true without the policy.
func (s api) SendTestEmail(context.Context, gen.SendTestEmailRequestObject) (gen.SendTestEmailResponseObject, error) {
	return nil, errEndpointNotAvailable()
}
