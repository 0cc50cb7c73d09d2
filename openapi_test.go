package novumock_test

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock"
)

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(novumock.OpenAPIYAML)
	require.NoError(t, err)
	return doc
}

func TestSpec_Validates(t *testing.T) {
	doc := loadSpec(t)
	require.NoError(t, doc.Validate(context.Background()))
}

// documentedOperations reads testdata/operations.tsv: the 95 operations Novu documents.
func documentedOperations(t *testing.T) [][2]string {
	f, err := os.Open("testdata/operations.tsv")
	require.NoError(t, err)
	defer f.Close()
	var ops [][2]string
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		ops = append(ops, [2]string{cols[1], cols[2]})
	}
	require.Len(t, ops, 95)
	return ops
}

func TestSpec_EveryDocumentedOperation(t *testing.T) {
	doc := loadSpec(t)
	for _, mp := range documentedOperations(t) {
		item := doc.Paths.Find(mp[1])
		require.NotNil(t, item, "%s %s is missing", mp[0], mp[1])
		require.NotNil(t, item.GetOperation(mp[0]), "%s %s is missing", mp[0], mp[1])
	}
}

// TestSpec_OperationRules checks what every operation must declare (issue #2).
func TestSpec_OperationRules(t *testing.T) {
	doc := loadSpec(t)
	tags := map[string]bool{}
	for _, tag := range doc.Tags {
		tags[tag.Name] = true
	}
	ids := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			t.Run(name, func(t *testing.T) {
				require.NotEmpty(t, op.OperationID)
				require.NotContains(t, ids, op.OperationID, "operationId reused")
				ids[op.OperationID] = name
				require.Len(t, op.Tags, 1)
				require.True(t, tags[op.Tags[0]], "unknown tag %q", op.Tags[0])
				require.NotEmpty(t, op.Summary)
				require.NotEmpty(t, op.Description)
				require.NotNil(t, op.Security, "security must be explicit")
				if len(*op.Security) == 0 {
					return // the OAuth pair and the in-app session routes take no credentials
				}
				if _, ok := (*op.Security)[0]["SubscriberBearer"]; ok {
					// In-app routes: a subscriber token, which Novu neither rate-limits nor
					// takes idempotency keys with; every one can answer the bare 401.
					require.NotContains(t, op.Extensions, "x-novu-rate-limit")
					require.NotNil(t, op.Responses.Value("401"), "no 401")
					require.Nil(t, op.Responses.Value("429"), "429 on a route without rate limit")
					return
				}
				require.Contains(t, op.Extensions, "x-novu-rate-limit")
				for _, code := range []string{"401", "429"} {
					require.NotNil(t, op.Responses.Value(code), "no %s", code)
				}
				success := 0
				for code, resp := range op.Responses.Map() {
					if code[0] != '2' {
						continue
					}
					success++
					for _, h := range []string{"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"} {
						require.Contains(t, resp.Value.Headers, h, "%s response lacks %s", code, h)
					}
				}
				require.Positive(t, success, "no 2xx response")
				if method == "POST" || method == "PATCH" {
					require.NotNil(t, op.Parameters.GetByInAndName("header", "Idempotency-Key"))
					require.NotNil(t, op.Responses.Value("409"))
					require.NotNil(t, op.Responses.Value("422"))
				}
				for _, p := range op.Parameters {
					require.NotEmpty(t, p.Value.Description, "parameter %s", p.Value.Name)
					if p.Value.Example == nil && (p.Value.Schema == nil || p.Value.Schema.Value.Example == nil) {
						t.Errorf("parameter %s has no example", p.Value.Name)
					}
				}
			})
		}
	}
}

// TestSpec_SchemasHaveExamples: every named schema carries a realistic example.
func TestSpec_SchemasHaveExamples(t *testing.T) {
	doc := loadSpec(t)
	for name, s := range doc.Components.Schemas {
		if s.Value.Example == nil && len(s.Value.Enum) == 0 {
			t.Errorf("schema %s has no example", name)
		}
		if s.Value.Description == "" {
			t.Errorf("schema %s has no description", name)
		}
	}
}
