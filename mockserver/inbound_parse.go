package mockserver

import (
	"context"

	"github.com/novumock/novumock/gen"
)

// Inbound parse (/v1/inbound-parse): the fake has no mail exchanger, so no MX record is ever
// configured.

func (s api) GetMxRecordStatus(context.Context, gen.GetMxRecordStatusRequestObject) (gen.GetMxRecordStatusResponseObject, error) {
	body := gen.MxRecordStatusEnvelope{Data: gen.MxRecordStatus{MxRecordConfigured: false}}
	return gen.GetMxRecordStatus200JSONResponse{MxRecordStatusOKJSONResponse: gen.MxRecordStatusOKJSONResponse{Body: body}}, nil
}
