package mockserver_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestValidation_NovuMessages: validation failures read like class-validator, never like kin-openapi.
func TestValidation_NovuMessages(t *testing.T) {
	f := mustNewServer(t)
	tests := []struct {
		name, method, path, body string
		want                     any
	}{
		{"missing required", "POST", "/v1/integrations", `{}`,
			[]any{"providerId should not be null or undefined", "providerId must be a string",
				"channel should not be null or undefined", "channel must be one of the following values: in_app, email, sms, chat, push"}},
		{"wrong types and enum", "POST", "/v1/integrations", `{"providerId":"sendgrid","channel":"fax","active":"yes"}`,
			[]any{"active must be a boolean value", "channel must be one of the following values: in_app, email, sms, chat, push"}},
		{"mongo id path", "POST", "/v1/integrations/abc/set-primary", "", []any{"integrationId must be a mongodb id"}},
		{"missing mongo id", "GET", "/v1/execution-details?subscriberId=s1", "",
			[]any{"notificationId should not be null or undefined", "notificationId must be a mongodb id"}},
		{"query integer and maximum", "GET", "/v1/subscribers?page=x&limit=101", "", []any{"page must be an integer number", "limit must not be greater than 100"}},
		{"business limit message", "GET", "/v1/topics?pageSize=11", "", "Page size can not be larger then 10"},
		// The business message is the handler's own check after the DTO: other violations keep the list.
		{"below minimum keeps the list", "GET", "/v1/topics?pageSize=-1", "", []any{"pageSize must not be less than 0"}},
		// Number("abc") is NaN, which fails @Min(0) as well (filter-topics.e2e.ts at v2.0.0).
		{"not a number keeps the list", "GET", "/v1/topics?pageSize=abc", "", []any{"pageSize must not be less than 0", "pageSize must be an integer number"}},
		{"fraction keeps the list", "GET", "/v1/topics?pageSize=2.5", "", []any{"pageSize must be an integer number"}},
		// PaginationRequestDto's @Max(100) @Min(1) @IsInt all fail on NaN, Max first (a real v2.0.0 answers so).
		{"limit not a number", "GET", "/v1/subscribers?limit=abc", "", []any{"limit must not be greater than 100",
			"limit must not be less than 1", "limit must be an integer number"}},
		{"page not a number", "GET", "/v1/tenants?page=abc", "", []any{"page must be an integer number"}},
		{"messages limit not a number", "GET", "/v1/messages?limit=10abc", "", []any{"limit must be an integer number"}},
		{"messages limit too large", "GET", "/v1/messages?limit=1001", "", "Limit can not be larger then 1000"},
		{"email format", "POST", "/v1/subscribers", `{"subscriberId":"u1","email":"nope"}`, []any{"email must be an email"}},
		// The logo's IsImageUrl sentence, then IsUrl's for an URL that is not https (Novu Cloud's
		// NODE_ENV); update-branding-details.e2e.ts and a real v2.0.0's answers.
		{"logo over http", "PUT", "/v1/organizations/branding", `{"logo":"http://s3.example.com/a/3.png"}`,
			[]any{"logo must be a URL address"}},
		{"logo not an image", "PUT", "/v1/organizations/branding", `{"logo":"https://s3.example.com/a/3.exe"}`,
			[]any{"Logo must be a valid image URL with one of the following extensions: jpg, jpeg, png, gif, svg"}},
		{"logo extension in capitals", "PUT", "/v1/organizations/branding", `{"logo":"https://s3.example.com/a/3.PNG"}`,
			[]any{"Logo must be a valid image URL with one of the following extensions: jpg, jpeg, png, gif, svg"}},
		{"logo with a query", "PUT", "/v1/organizations/branding", `{"logo":"https://s3.example.com/a/3.png?x=1"}`,
			[]any{"Logo must be a valid image URL with one of the following extensions: jpg, jpeg, png, gif, svg"}},
		{"logo not a URL", "PUT", "/v1/organizations/branding", `{"logo":"notaurl"}`,
			[]any{"Logo must be a valid image URL with one of the following extensions: jpg, jpeg, png, gif, svg", "logo must be a URL address"}},
		// IsHexColor's own sentence, for each color that is not hex (a real v2.0.0 answers so).
		{"hex colors", "PUT", "/v1/organizations/branding", `{"color":"red","fontColor":"#12","contentBackground":"#abcd"}`,
			[]any{"color must be a hexadecimal color", "fontColor must be a hexadecimal color"}},
		{"array bounds", "POST", "/v1/events/trigger/bulk", `{"events":[]}`, []any{"events should not be empty"}},
		{"invalid json", "POST", "/v1/topics", `{"key":`, "Unexpected token in JSON: the request body is not valid JSON"},
		// null on a required property fails IsDefined and the type check, as a missing one does.
		{"null required string", "POST", "/v1/events/trigger", `{"name":null,"to":"a"}`,
			[]any{"name should not be null or undefined", "name must be a string"}},
		{"null required oneOf", "POST", "/v1/events/trigger", `{"name":"w","to":null}`, []any{"to should not be null or undefined"}},
		{"null required in a nested array item", "POST", "/v1/subscribers/bulk", `{"subscribers":[{"subscriberId":null}]}`,
			[]any{"subscribers.0.subscriberId should not be null or undefined", "subscribers.0.subscriberId must be a string"}},
		{"null optional next to a real violation", "POST", "/v1/events/trigger", `{"name":5,"to":"a","payload":null}`,
			[]any{"name must be a string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.dev(tt.method, tt.path, tt.body)
			require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
			assert.Equal(t, tt.want, res.Body["message"])
			assert.Equal(t, "Bad Request", res.Body["error"])
			assert.Equal(t, tt.path, res.Body["path"], "the path as sent, without added defaults")
		})
	}
}

func TestValidation_BodyLimits(t *testing.T) {
	f := mustNewServer(t)
	big := `{"subscriberId":"u1","data":{"x":"` + strings.Repeat("a", 101<<10) + `"}}`
	res := f.dev("POST", "/v1/subscribers", big)
	require.Equal(t, http.StatusRequestEntityTooLarge, res.Status)
	assert.Equal(t, "Payload Too Large", res.Body["error"])
	// Events take up to 20 MB, so the same size is merely validated there.
	res = f.dev("POST", "/v1/events/trigger", `{"name":"w","to":"u1","payload":{"x":"`+strings.Repeat("a", 101<<10)+`"}}`)
	assert.NotEqual(t, http.StatusRequestEntityTooLarge, res.Status)
}

// TestValidation_OptionalNull: class-validator's @IsOptional lets null through as if the property
// were absent, at the top level and in nested objects and array items.
func TestValidation_OptionalNull(t *testing.T) {
	f := mustNewServer(t)
	tests := []struct{ name, path, body string }{
		{"trigger payload", "/v1/events/trigger", `{"name":"nope","to":"a","payload":null}`},
		{"trigger optional fields", "/v1/events/trigger", `{"name":"nope","to":"a","overrides":null,"transactionId":null,"actor":null,"tenant":null}`},
		{"bulk item fields", "/v1/events/trigger/bulk", `{"events":[{"name":"nope","to":"a","payload":null,"actor":null}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.dev("POST", tt.path, tt.body)
			// Past validation the unknown workflow is what fails (422, or 201 with an error per bulk item).
			assert.NotEqual(t, http.StatusBadRequest, res.Status, res.Raw)
		})
	}
	t.Run("subscriber fields", func(t *testing.T) {
		res := f.dev("POST", "/v1/subscribers", `{"subscriberId":"n1","firstName":null,"locale":null,"data":null}`)
		require.Equal(t, http.StatusCreated, res.Status, res.Raw)
		data := res.Body["data"].(map[string]any)
		assert.NotContains(t, data, "firstName")
	})
}

// TestQuery_BracketArrays: "transactionId[]=a" is the repeated "transactionId=a", as on Express.
func TestQuery_BracketArrays(t *testing.T) {
	f := mustNewServer(t)
	res := f.dev("GET", "/v1/messages?transactionId%5B%5D=tx-1&transactionId[]=tx-2&page=0", "")
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	// An array is no number: @Max, @Min and @IsInt all fail (a real v2.0.0 answers so). A single
	// limit[]=5 is read as limit=5 here, where Express would make it an array.
	res = f.dev("GET", "/v1/subscribers?limit[]=abc", "")
	assert.Equal(t, []any{"limit must not be greater than 100", "limit must not be less than 1", "limit must be an integer number"}, res.Body["message"])
}

// TestBodyParsing: bodies are read as Express's body-parser reads them for Novu, before any
// guard: strict JSON, URL-encoded forms (strings only), and any other type as no body at all.
func TestBodyParsing(t *testing.T) {
	f := mustNewServer(t)
	form := []string{"Content-Type", "application/x-www-form-urlencoded"}
	tests := []struct {
		name, method, path, auth, body string
		headers                        []string
		status                         int
		want                           any // the message, or for 2xx the data fields to check
	}{
		{"form body", "POST", "/v1/subscribers", "dev", "subscriberId=form-1&firstName=Fern+Gully&data[plan]=pro", form,
			http.StatusCreated, map[string]any{"subscriberId": "form-1", "firstName": "Fern Gully", "data": map[string]any{"plan": "pro"}}},
		{"form values are strings", "POST", "/v1/integrations", "dev", "providerId=sendgrid&channel=email&active=true", form,
			http.StatusBadRequest, []any{"active must be a boolean value"}},
		{"text body is not read", "POST", "/v1/subscribers", "dev", `{"subscriberId":"t-1"}`, []string{"Content-Type", "text/plain"},
			http.StatusBadRequest, []any{"subscriberId should not be null or undefined", "subscriberId must be a string"}},
		{"no content type", "POST", "/v1/subscribers", "dev", `{"subscriberId":"t-2"}`, []string{"Content-Type", ""},
			http.StatusBadRequest, []any{"subscriberId should not be null or undefined", "subscriberId must be a string"}},
		{"json with charset", "POST", "/v1/subscribers", "dev", `{"subscriberId":"c-1"}`, []string{"Content-Type", "application/json; charset=utf-8"},
			http.StatusCreated, map[string]any{"subscriberId": "c-1"}},
		{"trailing garbage", "POST", "/v1/subscribers", "dev", `{"subscriberId":"g-1"} trailing`, nil,
			http.StatusBadRequest, "Unexpected token in JSON: the request body is not valid JSON"},
		{"json scalar (strict)", "POST", "/v1/subscribers", "dev", `"g-2"`, nil,
			http.StatusBadRequest, "Unexpected token in JSON: the request body is not valid JSON"},
		{"parsed before the key is checked", "POST", "/v1/subscribers", "", `{"subscriberId":`, nil,
			http.StatusBadRequest, "Unexpected token in JSON: the request body is not valid JSON"},
		// JSON.parse reads these as ±Infinity, which JSON.stringify answers as null.
		{"number beyond float64", "POST", "/v1/subscribers", "dev", `{"subscriberId":"n-1","data":{"big":1e400,"neg":-1.5E+999,"ok":2e10}}`, nil,
			http.StatusCreated, map[string]any{"subscriberId": "n-1", "data": map[string]any{"big": nil, "neg": nil, "ok": 2e10}}},
		{"digits beyond float64", "POST", "/v1/subscribers", "dev", `{"subscriberId":"n-2","data":{"big":1` + strings.Repeat("0", 320) + `}}`, nil,
			http.StatusCreated, map[string]any{"subscriberId": "n-2", "data": map[string]any{"big": nil}}},
		{"tiny numbers are zero, as in JavaScript", "POST", "/v1/subscribers", "dev", `{"subscriberId":"n-3","data":{"tiny":1e-400}}`, nil,
			http.StatusCreated, map[string]any{"subscriberId": "n-3", "data": map[string]any{"tiny": float64(0)}}},
		{"exponent text inside a string", "POST", "/v1/subscribers", "dev", `{"subscriberId":"n-4","firstName":"1e400"}`, nil,
			http.StatusCreated, map[string]any{"subscriberId": "n-4", "firstName": "1e400"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			auth := ""
			if tt.auth == "dev" {
				auth = "ApiKey " + f.DevKey
			}
			res := f.do(tt.method, tt.path, auth, tt.body, tt.headers...)
			require.Equal(t, tt.status, res.Status, res.Raw)
			fields, ok := tt.want.(map[string]any)
			if !ok {
				assert.Equal(t, tt.want, res.Body["message"])
				return
			}
			data := res.Body["data"].(map[string]any)
			for k, v := range fields {
				assert.Equal(t, v, data[k], k)
			}
		})
	}
}

// TestQuery_AsNestReadsIt: number parameters go through JavaScript's Number() before IsInt, and
// a repeated scalar parameter is an array on Express, which fails its type check. Each request
// is sent twice: the second time a valid one is answered from the remembered validation
// (validatedQueries), which must leave the query as validation does, and a refused one is
// refused again.
func TestQuery_AsNestReadsIt(t *testing.T) {
	f := mustNewServer(t)
	tests := []struct {
		name, path string
		pageSize   any   // the page size answered, when the request is valid
		message    []any // else the validation messages
	}{
		{"defaults", "/v1/subscribers", float64(10), nil},
		{"exponent", "/v1/subscribers?limit=1e1", float64(10), nil},
		{"plus sign", "/v1/subscribers?limit=%2B5", float64(5), nil},
		{"spaces", "/v1/subscribers?limit=%2010%20", float64(10), nil},
		{"empty is zero", "/v1/subscribers?page=&limit=3", float64(3), nil},
		{"empty limit is zero, below the minimum", "/v1/subscribers?limit=", nil, []any{"limit must not be less than 1"}},
		// NaN and arrays fail @Max and @Min as well as @IsInt (answers of a real v2.0.0).
		{"not a number", "/v1/subscribers?limit=ten", nil, []any{"limit must not be greater than 100", "limit must not be less than 1", "limit must be an integer number"}},
		{"repeated number", "/v1/subscribers?limit=10&limit=20", nil, []any{"limit must not be greater than 100", "limit must not be less than 1", "limit must be an integer number"}},
		{"repeated page size", "/v1/topics?pageSize=5&pageSize=6", nil, []any{"pageSize must not be less than 0", "pageSize must be an integer number"}},
		{"repeated string", "/v1/notifications?transactionId=a&transactionId=b", nil, []any{"transactionId must be a string"}},
		// Properties are reported in the DTO's order, page before limit.
		{"repeated next to another violation", "/v1/subscribers?limit=1&limit=2&page=x", nil,
			[]any{"page must be an integer number", "limit must not be greater than 100", "limit must not be less than 1", "limit must be an integer number"}},
	}
	for _, tt := range tests {
		for _, attempt := range []string{"first", "again"} {
			t.Run(tt.name+"/"+attempt, func(t *testing.T) {
				res := f.dev("GET", tt.path, "")
				if tt.message != nil {
					require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
					assert.Equal(t, tt.message, res.Body["message"])
					return
				}
				require.Equal(t, http.StatusOK, res.Status, res.Raw)
				assert.Equal(t, tt.pageSize, res.Body["pageSize"])
			})
		}
	}
}

// TestQuery_StrayPercent: a malformed %-escape is kept as written, as Express's qs keeps it,
// instead of dropping the filter it belongs to.
func TestQuery_StrayPercent(t *testing.T) {
	f := mustNewServer(t)
	res := f.dev("GET", "/v1/messages?subscriberId=%ZZ", "")
	expectAnswer(t, res, http.StatusNotFound, "Subscriber not found for id %ZZ")
	res = f.dev("GET", "/v1/subscribers?limit=5%", "")
	expectAnswer(t, res, http.StatusBadRequest, "")
	assert.Equal(t, []any{"limit must not be greater than 100", "limit must not be less than 1", "limit must be an integer number"}, res.Body["message"])
}

// TestRouting_AsExpress: Express's default router ignores a trailing slash and answers HEAD with
// the GET route.
func TestRouting_AsExpress(t *testing.T) {
	f := mustNewServer(t)
	for _, tc := range []struct{ name, method, path string }{
		{"trailing slash", "GET", "/v1/feeds/"},
		{"trailing slash with a parameter", "GET", "/v1/environments/me/"},
		{"HEAD", "HEAD", "/v1/feeds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := f.dev(tc.method, tc.path, "")
			assert.Equal(t, http.StatusOK, res.Status, res.Raw)
		})
	}
	res := f.dev("GET", "/v1/nowhere/", "")
	assert.Equal(t, http.StatusNotFound, res.Status)
	assert.Equal(t, "Cannot GET /v1/nowhere/", res.Body["message"], "the path as sent")
	assert.Equal(t, http.StatusNotFound, f.dev("GET", "/v1/feeds//", "").Status, "only one slash is ignored")
}

// TestRouting_HeadSendsNoBody: a HEAD answer has the GET answer's headers and no body, so the
// keep-alive connection stays usable for the next request.
func TestRouting_HeadSendsNoBody(t *testing.T) {
	f := mustNewServer(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(f.URL, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	r := bufio.NewReader(conn)
	for _, method := range []string{"HEAD", "HEAD", "GET"} {
		_, err := fmt.Fprintf(conn, "%s /v1/feeds HTTP/1.1\r\nHost: x\r\nAuthorization: ApiKey %s\r\n\r\n", method, f.DevKey)
		require.NoError(t, err)
		res, err := http.ReadResponse(r, &http.Request{Method: method})
		require.NoError(t, err, method)
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, res.StatusCode, method)
		if method == "HEAD" {
			assert.Empty(t, body)
			assert.NotEmpty(t, res.Header.Get("Content-Length"))
		} else {
			assert.Contains(t, string(body), `"data"`)
		}
	}
}

// TestRouting_NotFoundPath: Nest's 404 names the path without its query.
func TestRouting_NotFoundPath(t *testing.T) {
	f := mustNewServer(t)
	res := f.dev("GET", "/v1/nowhere?x=1", "")
	assert.Equal(t, "Cannot GET /v1/nowhere", res.Body["message"])
}

// TestValidation_LogoExtensions: every extension IsImageUrl knows is accepted over https
// (update-branding-details.e2e.ts at v2.0.0).
func TestValidation_LogoExtensions(t *testing.T) {
	f := mustNewServer(t)
	for _, ext := range []string{"png", "jpg", "jpeg", "gif", "svg"} {
		t.Run(ext, func(t *testing.T) {
			logo := "https://s3.us-east-1.amazonaws.com/novu-app-bucket/2/1/3." + ext
			res := f.dev("PUT", "/v1/organizations/branding", `{"logo":"`+logo+`"}`)
			require.Equal(t, http.StatusOK, res.Status, res.Raw)
			assert.Equal(t, logo, res.Body["data"].(map[string]any)["logo"])
		})
	}
}
