package mockserver_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allOn is preferenceSettings with every channel enabled, Novu's schema default.
var allOn = map[string]any{"email": true, "sms": true, "in_app": true, "chat": true, "push": true}

// withChannels is allOn with some channels changed.
func withChannels(changes map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range allOn {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}

// TestWorkflows_PreferenceDefaults: preferenceSettings always reads back with all five channels,
// the ones not sent at their default (true).
func TestWorkflows_PreferenceDefaults(t *testing.T) {
	f := mustNewServer(t)
	id := mustCreateWorkflow(t, f, "Prefs", "")["_id"].(string)
	tests := []struct {
		name, method, path, body string
		want                     map[string]any
	}{
		{"create without", http.MethodPost, "/v1/workflows", "", allOn},
		{"create with some", http.MethodPost, "/v1/workflows", `,"preferenceSettings":{"sms":false}`,
			withChannels(map[string]any{"sms": false})},
		{"update sets the object as sent", http.MethodPut, "/v1/workflows/" + id, `{"preferenceSettings":{"email":false}}`,
			withChannels(map[string]any{"email": false})},
		{"update again: email back to default", http.MethodPut, "/v1/workflows/" + id, `{"preferenceSettings":{"push":false}}`,
			withChannels(map[string]any{"push": false})},
		{"update without keeps them", http.MethodPut, "/v1/workflows/" + id, `{"tags":["a"]}`,
			withChannels(map[string]any{"push": false})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body
			if tt.method == http.MethodPost {
				body = fmt.Sprintf(`{"name":"w","notificationGroupId":%q,"steps":[]%s}`, generalGroup(t, f.dev), tt.body)
			}
			res := f.dev(tt.method, tt.path, body)
			require.Less(t, res.Status, 300, res.Raw)
			assert.Equal(t, tt.want, res.Body["data"].(map[string]any)["preferenceSettings"])
		})
	}
}

// TestWorkflows_StepDefaults: steps carry the schema defaults Novu fills in, and keep what was sent.
func TestWorkflows_StepDefaults(t *testing.T) {
	f := mustNewServer(t)
	tests := []struct {
		name, step string
		want       map[string]any
	}{
		// type, origin and metadata.timed's arrays are the step schema's defaults (seen on a real v2.0.0).
		{"nothing given", inAppStep, map[string]any{"active": true, "shouldStopOnFail": false, "filters": []any{},
			"type": "REGULAR", "origin": "novu-cloud", "metadata": map[string]any{"timed": map[string]any{"weekDays": []any{}, "monthDays": []any{}}}}},
		{"given values stay", `{"uuid":"u-1","active":false,"shouldStopOnFail":true,"template":{"type":"sms","content":"x"}}`,
			map[string]any{"active": false, "shouldStopOnFail": true, "filters": []any{}, "uuid": "u-1"}},
		{"metadata keeps what was sent", `{"template":{"type":"delay"},"metadata":{"type":"regular","amount":2,"unit":"hours","timed":{"weekDays":["monday"]}}}`,
			map[string]any{"metadata": map[string]any{"type": "regular", "amount": float64(2), "unit": "hours",
				"timed": map[string]any{"weekDays": []any{"monday"}, "monthDays": []any{}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, method := range []string{http.MethodPost, http.MethodPut} {
				var res rawResponse
				if method == http.MethodPost {
					res = f.dev(method, "/v1/workflows", fmt.Sprintf(`{"name":"w","notificationGroupId":%q,"steps":[%s]}`,
						generalGroup(t, f.dev), tt.step))
				} else {
					id := mustCreateWorkflow(t, f, "w", "")["_id"].(string)
					res = f.dev(method, "/v1/workflows/"+id, `{"steps":[`+tt.step+`]}`)
				}
				require.Less(t, res.Status, 300, res.Raw)
				step := res.Body["data"].(map[string]any)["steps"].([]any)[0].(map[string]any)
				for k, v := range tt.want {
					assert.Equal(t, v, step[k], "%s %s", method, k)
				}
			}
		})
	}
}

// TestWorkflows_StepIDIsTemplateID: Novu gives a step the _id of its message template, so a
// step's _id, its _templateId and its template's _id are one ObjectId, on create and on update
// (where an _id sent with the step does not change that).
func TestWorkflows_StepIDIsTemplateID(t *testing.T) {
	f := mustNewServer(t)
	wf := mustCreateWorkflow(t, f, "Same ids", `,"steps":[{"_id":"aaaaaaaaaaaaaaaaaaaaaaaa","template":{"type":"sms","content":"a"}},{"template":{"type":"in_app","content":"b"}}]`)
	id := wf["_id"].(string)
	created := wf["steps"].([]any)
	kept := created[0].(map[string]any)["_templateId"].(string)
	put := func(steps string) []any {
		res := f.dev(http.MethodPut, "/v1/workflows/"+id, `{"steps":`+steps+`}`)
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		return res.Body["data"].(map[string]any)["steps"].([]any)
	}
	tests := []struct {
		name   string
		steps  []any
		wantID string   // "" when the id is new
		not    []string // ids it must not be
	}{
		{"created, _id sent", created[:1], "", []string{"aaaaaaaaaaaaaaaaaaaaaaaa"}},
		{"created", created[1:], "", nil},
		{"updated in place", put(fmt.Sprintf(`[{"_templateId":%q,"template":{"type":"sms","content":"c"}}]`, kept)), kept, nil},
		{"updated, other _id sent", put(fmt.Sprintf(`[{"_id":"bbbbbbbbbbbbbbbbbbbbbbbb","_templateId":%q,"template":{"type":"sms","content":"d"}}]`, kept)), kept, nil},
		{"added on update", put(`[{"_id":"cccccccccccccccccccccccc","template":{"type":"sms","content":"e"}}]`), "", []string{"cccccccccccccccccccccccc", kept}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, s := range tt.steps {
				step := s.(map[string]any)
				stepID := step["_id"].(string)
				assert.Len(t, stepID, 24)
				assert.Equal(t, stepID, step["_templateId"])
				assert.Equal(t, stepID, step["template"].(map[string]any)["_id"])
				if tt.wantID != "" {
					assert.Equal(t, tt.wantID, stepID)
				}
				assert.NotContains(t, tt.not, stepID)
			}
		})
	}
}

// TestWorkflows_UpdateStepsInPlace: a step sent back with its _templateId keeps its ids (Novu
// edits that message template); a step without one is new.
func TestWorkflows_UpdateStepsInPlace(t *testing.T) {
	f := mustNewServer(t)
	sms := `{"template":{"type":"sms","content":"b"}}`
	wf := mustCreateWorkflow(t, f, "Steps", "")
	id := wf["_id"].(string)
	res := f.dev(http.MethodPut, "/v1/workflows/"+id, `{"steps":[`+inAppStep+`,`+sms+`]}`)
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	before := res.Body["data"].(map[string]any)["steps"].([]any)
	first := before[0].(map[string]any)
	stepIDs := func(s any) (string, string) {
		m := s.(map[string]any)
		return m["_id"].(string), m["_templateId"].(string)
	}
	firstID, firstTmpl := stepIDs(first)
	_, secondTmpl := stepIDs(before[1])
	tests := []struct {
		name, steps string
		status      int
		message     string
		check       func(t *testing.T, steps []any)
	}{
		{"sent back as read keeps its ids", fmt.Sprintf(`[{"_id":%q,"_templateId":%q,"template":{"type":"in_app","content":"changed"}},%s]`,
			firstID, firstTmpl, sms), 200, "", func(t *testing.T, steps []any) {
			id, tmpl := stepIDs(steps[0])
			assert.Equal(t, firstID, id)
			assert.Equal(t, firstTmpl, tmpl)
			assert.Equal(t, firstTmpl, steps[0].(map[string]any)["template"].(map[string]any)["_id"])
			assert.Equal(t, "changed", steps[0].(map[string]any)["template"].(map[string]any)["content"])
			id2, tmpl2 := stepIDs(steps[1])
			assert.NotEqual(t, secondTmpl, tmpl2, "a step without _templateId is new")
			assert.Equal(t, id, steps[1].(map[string]any)["_parentId"])
			assert.NotEqual(t, id, id2)
		}},
		{"reordered steps keep theirs", fmt.Sprintf(`[%s,{"_templateId":%q,"template":{"type":"in_app","content":"x"}}]`, sms, firstTmpl),
			200, "", func(t *testing.T, steps []any) {
				id, tmpl := stepIDs(steps[1])
				assert.Equal(t, firstID, id)
				assert.Equal(t, firstTmpl, tmpl)
				assert.Equal(t, steps[0].(map[string]any)["_id"], steps[1].(map[string]any)["_parentId"])
			}},
		{"unknown template", `[{"_templateId":"aaaaaaaaaaaaaaaaaaaaaaaa","template":{"type":"sms","content":"x"}}]`, 404,
			"Message template with id aaaaaaaaaaaaaaaaaaaaaaaa not found", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.dev(http.MethodPut, "/v1/workflows/"+id, `{"steps":`+tt.steps+`}`)
			expectAnswer(t, res, tt.status, tt.message)
			if tt.check != nil {
				tt.check(t, res.Body["data"].(map[string]any)["steps"].([]any))
			}
		})
	}
}

// TestWorkflows_EmailBlocks: an e-mail step's content may be a string or a list of blocks; the
// template keeps what was sent, and a message sent from blocks carries them rendered.
func TestWorkflows_EmailBlocks(t *testing.T) {
	blocks := []any{
		obj{"type": "text", "content": "Hi {{subscriber.firstName}}"},
		obj{"type": "button", "content": "Open", "url": "https://app.example.com/{{subscriber.firstName}}", "styles": obj{"textAlign": "center"}},
	}
	tests := []struct {
		name        string
		content     any
		wantOutbox  string
		wantMessage any
	}{
		{"string", "<p>Hi {{subscriber.firstName}}</p>", "<p>Hi Maria</p>", "<p>Hi Maria</p>"},
		{"blocks", blocks, "<p>Hi Maria</p>\n<a href=\"https://app.example.com/Maria\">Open</a>", []any{
			obj{"type": "text", "content": "Hi Maria", "url": ""},
			obj{"type": "button", "content": "Open", "url": "https://app.example.com/Maria", "styles": obj{"textAlign": "center"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKit(t)
			k.integration("sendgrid", "email")
			k.subscriber("user-1", obj{"email": "maria@example.com", "firstName": "Maria"})
			step := obj{"template": obj{"type": "email", "subject": "Hello", "content": tt.content, "contentType": "editor"}}
			name, id := k.workflow("Blocks", nil, step)

			wf := k.must(http.StatusOK, http.MethodGet, "/v1/workflows/"+id, nil).Body["data"].(obj)
			tpl := wf["steps"].([]any)[0].(obj)["template"].(obj)
			assert.Equal(t, tt.content, tpl["content"], "stored as sent")
			// subscriberVariables name the address an e-mail step needs, not the fields it reads.
			assert.Equal(t, []any{obj{"name": "email"}}, wf["triggers"].([]any)[0].(obj)["subscriberVariables"])

			k.trigger(obj{"name": name, "to": "user-1", "transactionId": "tx-" + tt.name})
			sent := k.control("/_novumock/outbox?channel=email")
			require.Len(t, sent, 1)
			assert.Equal(t, tt.wantOutbox, sent[0]["content"])
			msgs := k.must(http.StatusOK, http.MethodGet, "/v1/messages?channel=email&transactionId=tx-"+tt.name, nil).Body["data"].([]any)
			require.Len(t, msgs, 1)
			assert.Equal(t, tt.wantMessage, msgs[0].(obj)["content"])
		})
	}
	t.Run("other content is refused", func(t *testing.T) {
		k := newKit(t)
		res := k.send(http.MethodPost, "/v1/workflows", obj{"name": "x", "notificationGroupId": generalGroup(t, k.f.dev),
			"steps": []any{obj{"template": obj{"type": "email", "content": 42}}}})
		assert.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
	})
}

// TestWorkflows_UpperCaseBodyIDs: an ObjectId the spec declares in a body may be written in
// capitals, as in a path or query (Novu's IsMongoId takes either case, MongoDB reads both as one
// id): it passes validation and is read in lower case. Anything else is still refused.
func TestWorkflows_UpperCaseBodyIDs(t *testing.T) {
	f := mustNewServer(t)
	wf := mustCreateWorkflow(t, f, "Caps", "")
	id := wf["_id"].(string)
	tmpl := wf["steps"].([]any)[0].(map[string]any)["_templateId"].(string)
	res := f.dev(http.MethodPost, "/v1/notification-groups", `{"name":"Caps group"}`)
	require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	group := res.Body["data"].(map[string]any)["_id"].(string)
	layout := mustCreateLayout(t, f, "caps", "")
	up := strings.ToUpper
	tests := []struct {
		name, body string
		status     int
		message    any
		check      func(t *testing.T, data map[string]any)
	}{
		{"group id", fmt.Sprintf(`{"notificationGroupId":%q}`, up(group)), 200, nil, func(t *testing.T, data map[string]any) {
			assert.Equal(t, group, data["_notificationGroupId"])
		}},
		{"step template id and layout", fmt.Sprintf(`{"steps":[{"_templateId":%q,"_parentId":%q,"template":{"type":"email","subject":"s","content":"c","_layoutId":%q}}]}`,
			up(tmpl), up(tmpl), up(layout)), 200, nil, func(t *testing.T, data map[string]any) {
			step := data["steps"].([]any)[0].(map[string]any)
			assert.Equal(t, tmpl, step["_id"])
			assert.Equal(t, tmpl, step["_templateId"])
			assert.Equal(t, layout, step["template"].(map[string]any)["_layoutId"])
		}},
		{"not hex", `{"notificationGroupId":"ZZZZZZZZZZZZZZZZZZZZZZZZ"}`, 400, []any{"notificationGroupId must be a mongodb id"}, nil},
		{"capitals, too short", `{"notificationGroupId":"ABCDEF"}`, 400, []any{"notificationGroupId must be a mongodb id"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.dev(http.MethodPut, "/v1/workflows/"+id, tt.body)
			require.Equal(t, tt.status, res.Status, res.Raw)
			if tt.message != nil {
				assert.Equal(t, tt.message, res.Body["message"])
			}
			if tt.check != nil {
				tt.check(t, res.Body["data"].(map[string]any))
			}
		})
	}
}

// TestWorkflows_StepChainsAndVariants: steps and their variants carry _parentId (null for the
// first, then the previous one's id); each variant gets its own message template; every
// message template is active unless stored otherwise; variants default to active and do not
// stop on failure.
func TestWorkflows_StepChainsAndVariants(t *testing.T) {
	f := mustNewServer(t)
	const variant = `{"filters":[{"isNegated":false,"type":"GROUP","value":"AND","children":[{"on":"tenant","field":"name","value":"Titans","operator":"EQUAL"}]}],` +
		`"template":{"type":"email","subject":"Better","content":"Better body"}}`
	wf := mustCreateWorkflow(t, f, "Chained", `,"steps":[{"template":{"type":"email","subject":"s","content":"c"},"variants":[`+variant+`,`+variant+`]},`+
		`{"template":{"type":"in_app","content":"b"}},{"template":{"type":"sms","content":"c"}}]`)
	steps := wf["steps"].([]any)
	require.Len(t, steps, 3)
	var prev any
	for i, s := range steps {
		step := s.(map[string]any)
		require.Contains(t, step, "_parentId", "step %d", i)
		assert.Equal(t, prev, step["_parentId"], "step %d", i)
		assert.Equal(t, true, step["template"].(map[string]any)["active"], "step %d template", i)
		prev = step["_id"]
	}
	variants := steps[0].(map[string]any)["variants"].([]any)
	require.Len(t, variants, 2)
	prev = nil
	for i, v := range variants {
		variant := v.(map[string]any)
		tpl := variant["template"].(map[string]any)
		assert.Len(t, variant["_id"], 24)
		assert.Equal(t, variant["_id"], variant["_templateId"])
		assert.Equal(t, variant["_id"], tpl["_id"])
		assert.NotEqual(t, steps[0].(map[string]any)["_id"], variant["_id"], "a variant has its own template")
		assert.Equal(t, prev, variant["_parentId"], "variant %d", i)
		assert.Equal(t, true, variant["active"])
		assert.Equal(t, false, variant["shouldStopOnFail"])
		assert.Equal(t, true, tpl["active"])
		assert.Equal(t, "Better", tpl["subject"])
		prev = variant["_id"]
	}
	t.Run("replyCallback is an empty object unless sent, variants an empty list", func(t *testing.T) {
		for _, s := range steps {
			assert.Equal(t, map[string]any{}, s.(map[string]any)["replyCallback"])
		}
		for _, v := range variants {
			assert.Equal(t, map[string]any{}, v.(map[string]any)["replyCallback"])
		}
		assert.Equal(t, []any{}, steps[1].(map[string]any)["variants"])
		id := mustCreateWorkflow(t, f, "Replies", "")["_id"].(string)
		res := f.dev(http.MethodPut, "/v1/workflows/"+id, `{"steps":[{"template":{"type":"email","content":[]},`+
			`"replyCallback":{"active":true,"url":"acme-corp.com/webhook"}}]}`)
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		got := res.Body["data"].(map[string]any)["steps"].([]any)[0].(map[string]any)["replyCallback"]
		assert.Equal(t, map[string]any{"active": true, "url": "acme-corp.com/webhook"}, got)
	})
	t.Run("get answers the same", func(t *testing.T) {
		res := f.dev(http.MethodGet, "/v1/workflows/"+wf["_id"].(string), "")
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		assert.Equal(t, wf["steps"], res.Body["data"].(map[string]any)["steps"])
	})
	t.Run("the list leaves out variants and all of a template but its type", func(t *testing.T) {
		res := f.dev(http.MethodGet, "/v1/workflows", "")
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		var listed []any
		for _, w := range res.Body["data"].([]any) {
			if w := w.(map[string]any); w["_id"] == wf["_id"] {
				listed = w["steps"].([]any)
			}
		}
		require.Len(t, listed, 3)
		for i, s := range listed {
			step := s.(map[string]any)
			assert.NotContains(t, step, "variants")
			full := steps[i].(map[string]any)
			assert.Equal(t, map[string]any{"_id": full["_id"], "type": full["template"].(map[string]any)["type"]}, step["template"])
			assert.Equal(t, full["_parentId"], step["_parentId"])
		}
	})
	t.Run("filters accept every operator of Novu's FieldOperatorEnum", func(t *testing.T) {
		for _, op := range []string{"LARGER", "SMALLER", "LARGER_EQUAL", "SMALLER_EQUAL", "EQUAL", "NOT_EQUAL", "ALL_IN",
			"ANY_IN", "NOT_IN", "BETWEEN", "NOT_BETWEEN", "LIKE", "NOT_LIKE", "IN", "IS_DEFINED"} {
			wf := mustCreateWorkflow(t, f, "Op "+op, `,"steps":[{"template":{"type":"in_app","content":"x"},"filters":[{"value":"AND","children":[`+
				`{"on":"payload","field":"plan","value":"pro","operator":"`+op+`"}]}]}]`)
			got := wf["steps"].([]any)[0].(map[string]any)["filters"].([]any)[0].(map[string]any)["children"].([]any)[0]
			assert.Equal(t, op, got.(map[string]any)["operator"])
		}
	})
	t.Run("an empty CTA action is refused by the use case", func(t *testing.T) {
		res := f.dev(http.MethodPost, "/v1/workflows", fmt.Sprintf(`{"name":"CTA","notificationGroupId":%q,"steps":[`+
			`{"template":{"type":"in_app","content":"x","cta":{"type":"redirect","data":{"url":"/x"},"action":""}}}]}`, generalGroup(t, f.dev)))
		expectAnswer(t, res, http.StatusBadRequest, "Please provide a valid CTA action")
	})
}
