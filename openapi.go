// Package novumock holds the contract itself. openapi.yaml is embedded here so that the binary
// serves, byte for byte, the document its code was generated from.
package novumock

import _ "embed"

// OpenAPIYAML is openapi.yaml as written.
//
//go:embed openapi.yaml
var OpenAPIYAML []byte
