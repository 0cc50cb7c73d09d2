// Package gen holds the code oapi-codegen generates from openapi.yaml: the models, the echo
// strict-server interface the fake implements, a typed client and the embedded spec. Its
// subpackage controlapi holds the models of the fake's control API (mockserver/control.yaml).
// requestspec.gen.go is the spec cut down to what the request pipeline reads, so the fake need
// not cut it at every start. novu.gen.go encodes and decodes JSON with segmentio's drop-in
// package instead of encoding/json (internal/cmd/genjson says why).
package gen

//go:generate go tool oapi-codegen -config ../oapi-codegen.yaml ../openapi.yaml
//go:generate go run ../internal/cmd/genjson novu.gen.go
//go:generate go tool oapi-codegen -config ../oapi-codegen.control.yaml ../mockserver/control.yaml
//go:generate go run ../internal/cmd/requestspec requestspec.gen.go
