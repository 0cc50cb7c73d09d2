package mockserver_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFeeds(t *testing.T) {
	f := mustNewServer(t)
	res := f.dev(http.MethodPost, "/v1/feeds", `{"name":"News"}`)
	require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	news := res.Body["data"].(map[string]any)
	assert.Equal(t, "News", news["identifier"])
	require.Equal(t, http.StatusCreated, f.dev(http.MethodPost, "/v1/feeds", `{"name":"Billing"}`).Status)
	cases := []struct {
		name, method, path, body string
		status                   int
		message                  string
		n                        int
	}{
		{"duplicate name", http.MethodPost, "/v1/feeds", `{"name":"News"}`, 409, "Feed with identifier: News already exists", -1},
		{"missing name", http.MethodPost, "/v1/feeds", `{}`, 400, "", -1},
		{"list", http.MethodGet, "/v1/feeds", "", 200, "", 2},
		{"delete answers the rest", http.MethodDelete, "/v1/feeds/" + news["_id"].(string), "", 200, "", 1},
		{"delete unknown", http.MethodDelete, "/v1/feeds/aaaaaaaaaaaaaaaaaaaaaaaa", "", 400, "Could not find feed with id aaaaaaaaaaaaaaaaaaaaaaaa", -1},
		{"delete again", http.MethodDelete, "/v1/feeds/" + news["_id"].(string), "", 400, "Could not find feed with id " + news["_id"].(string), -1},
		{"name is free again", http.MethodPost, "/v1/feeds", `{"name":"News"}`, 201, "", -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := f.dev(c.method, c.path, c.body)
			expectAnswer(t, res, c.status, c.message)
			if c.n >= 0 {
				assert.Len(t, res.Body["data"], c.n)
			}
		})
	}
	t.Run("environments are isolated", func(t *testing.T) {
		assert.Len(t, f.prod(http.MethodGet, "/v1/feeds", "").Body["data"], 0)
		assert.Equal(t, http.StatusCreated, f.prod(http.MethodPost, "/v1/feeds", `{"name":"News"}`).Status)
	})
}

// TestFeeds_DeleteInUse: a feed that a step's message template names cannot be deleted; once
// the workflow is deleted (and its templates with it) it can.
func TestFeeds_DeleteInUse(t *testing.T) {
	f := mustNewServer(t)
	res := f.dev(http.MethodPost, "/v1/feeds", `{"name":"Orders"}`)
	require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	feed := res.Body["data"].(map[string]any)["_id"].(string)
	res = f.dev(http.MethodPost, "/v1/workflows", fmt.Sprintf(`{"name":"Order shipped","notificationGroupId":%q,`+
		`"steps":[{"template":{"type":"in_app","content":"Shipped","feedId":%q}}]}`, generalGroup(t, f.dev), feed))
	require.Equal(t, http.StatusCreated, res.Status, res.Raw)
	wf := res.Body["data"].(map[string]any)["_id"].(string)

	expectAnswer(t, f.dev(http.MethodDelete, "/v1/feeds/"+feed, ""), 400, "Can not delete feed that has existing message")
	assert.Len(t, f.dev(http.MethodGet, "/v1/feeds", "").Body["data"], 1, "still there")

	require.Equal(t, http.StatusOK, f.dev(http.MethodDelete, "/v1/workflows/"+wf, "").Status)
	res = f.dev(http.MethodDelete, "/v1/feeds/"+feed, "")
	require.Equal(t, http.StatusOK, res.Status, res.Raw)
	assert.Empty(t, res.Body["data"])
}
