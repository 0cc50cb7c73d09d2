package mockserver_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInbox_Preferences(t *testing.T) {
	k := newInboxKit(t)
	_, orders := k.workflow("Orders", obj{"tags": []string{"newsletter"}}, inAppTpl("o"), emailTpl("s", "c"))
	_, security := k.workflow("Security", obj{"critical": true}, inAppTpl("s"))
	_, other := k.workflow("Other", obj{"tags": []string{"security"}}, inAppTpl("x"))
	_, weekly := k.workflow("Weekly", nil, emailTpl("s", "c"), inAppTpl("w"))
	tok := k.token("ada")
	prefs := func(query string) []any {
		res := k.as(tok, http.MethodGet, "/v1/inbox/preferences"+query, "")
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		return res.Body["data"].([]any)
	}

	list := prefs("")
	require.Len(t, list, 4) // global, Orders, Other, Weekly; never the critical workflow
	all := obj{"email": true, "sms": true, "in_app": true, "chat": true, "push": true}
	assert.Equal(t, obj{"level": "global", "enabled": true, "channels": all}, list[0]) // every channel, as v2.0.0

	wf := list[1].(obj)
	assert.Equal(t, "template", wf["level"])
	assert.Equal(t, obj{"email": true, "in_app": true}, wf["channels"]) // only the channels its steps use
	assert.Equal(t, orders, wf["workflow"].(obj)["id"])
	assert.Equal(t, false, wf["workflow"].(obj)["critical"])
	assert.Len(t, prefs("?tags[]=security"), 2)

	patch := func(path, body string) rawResponse { return k.as(tok, http.MethodPatch, path, body) }
	res := patch("/v1/inbox/preferences/"+orders, `{"in_app":false}`)
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	assert.Equal(t, obj{"email": true, "in_app": false}, res.Body["data"].(obj)["channels"])
	res = patch("/v1/inbox/preferences/"+orders, `{"email":false}`) // later writes change only what is given
	assert.Equal(t, obj{"email": false, "in_app": false}, res.Body["data"].(obj)["channels"])

	res = patch("/v1/inbox/preferences", `{"email":false}`)
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	all["email"] = false
	assert.Equal(t, obj{"level": "global", "enabled": true, "channels": all}, res.Body["data"])
	res = k.as(tok, http.MethodGet, "/v1/inbox/preferences/global", "")
	assert.Equal(t, all, res.Body["data"].(obj)["channels"])
	// A workflow the subscriber never set follows the global choice; one they set keeps theirs.
	for _, p := range prefs("")[1:] {
		switch p.(obj)["workflow"].(obj)["id"] {
		case weekly:
			assert.Equal(t, obj{"email": false, "in_app": true}, p.(obj)["channels"])
		case orders:
			assert.Equal(t, obj{"email": false, "in_app": false}, p.(obj)["channels"])
		}
	}

	t.Run("Bulk", func(t *testing.T) {
		res := patch("/v1/inbox/preferences/bulk", `{"preferences":[{"workflowId":"`+other+`","in_app":false},{"workflowId":"orders","in_app":true}]}`)
		require.Equal(t, http.StatusOK, res.Status, res.Raw)
		data := res.Body["data"].([]any)
		assert.Equal(t, obj{"in_app": false}, data[0].(obj)["channels"])
		assert.Equal(t, obj{"email": false, "in_app": true}, data[1].(obj)["channels"])
		// One bad item refuses the whole request, writing nothing.
		res = patch("/v1/inbox/preferences/bulk", `{"preferences":[{"workflowId":"`+other+`","in_app":true},{"workflowId":"`+security+`","in_app":false}]}`)
		expectAnswer(t, res, http.StatusBadRequest, "Critical workflow with id: "+security+" can not be updated")
		assert.Equal(t, obj{"in_app": false}, prefs("?tags[]=security")[1].(obj)["channels"])
	})
	t.Run("Errors", func(t *testing.T) {
		expectAnswer(t, patch("/v1/inbox/preferences/"+security, `{"in_app":false}`), http.StatusBadRequest,
			"Critical workflow with id: "+security+" can not be updated")
		expectAnswer(t, patch("/v1/inbox/preferences/666c0dfa0b55d0f06f4aaa6c", `{}`), http.StatusNotFound,
			"Workflow with id: 666c0dfa0b55d0f06f4aaa6c is not found")
		res := patch("/v1/inbox/preferences/not-an-id", `{}`)
		require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
		assert.Equal(t, "workflowId must be a mongodb id", res.Body["message"].([]any)[0])
		res = patch("/v1/inbox/preferences", `{"email":"yes"}`)
		require.Equal(t, http.StatusBadRequest, res.Status, res.Raw)
	})
}

func TestInbox_CORS(t *testing.T) {
	k := newInboxKit(t)
	pre := k.f.do(http.MethodOptions, "/v1/inbox/notifications", "", "", "Origin", "http://localhost:3000",
		"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization,novu-client-version")
	require.Equal(t, http.StatusNoContent, pre.Status, pre.Raw)
	assert.Equal(t, "*", pre.Header.Get("Access-Control-Allow-Origin"))
	assert.Contains(t, pre.Header.Get("Access-Control-Allow-Methods"), "PATCH")
	for _, h := range []string{"Authorization", "Content-Type", "Novu-API-Version", "Novu-Client-Version"} {
		assert.Contains(t, pre.Header.Get("Access-Control-Allow-Headers"), h)
	}
	assert.Equal(t, "86400", pre.Header.Get("Access-Control-Max-Age"))
	for _, path := range []string{"/v1/widgets/session/initialize", "/socket.io/"} {
		res := k.f.do(http.MethodOptions, path, "", "", "Origin", "http://localhost:3000", "Access-Control-Request-Method", "POST")
		assert.Equal(t, http.StatusNoContent, res.Status, path)
	}
	// Answers, errors included, are readable from any origin.
	res := k.f.do(http.MethodGet, "/v1/inbox/notifications", "", "", "Origin", "http://localhost:3000")
	assert.Equal(t, http.StatusUnauthorized, res.Status)
	assert.Equal(t, "*", res.Header.Get("Access-Control-Allow-Origin"))
	// The secret-key API is for servers: no CORS there.
	res = k.f.do(http.MethodGet, "/v1/subscribers", "ApiKey "+k.f.DevKey, "", "Origin", "http://localhost:3000")
	assert.Empty(t, res.Header.Get("Access-Control-Allow-Origin"))
}
