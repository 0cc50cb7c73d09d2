package novumocktest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/novumock/novumock/gen/controlapi"
)

// Control is a small client of the fake's control API (GET /_novumock/openapi.yaml describes
// it). Its methods return an error for any answer other than the documented success, quoting
// the fake's message.
type Control struct {
	BaseURL string
	HTTP    *http.Client
	// OrganizationID, when set, makes this a test worker's view of a shared fake: the journal
	// (Requests, Triggered, ClearRequests), the fault rules (Faults, ClearFaults) and the outbox
	// concern that organization alone, and Reset, Advance and LoadState act on it when given no
	// organization of their own. ForOrganization makes one.
	OrganizationID string
}

// ForOrganization is a copy of c scoped to one organization (see Control.OrganizationID).
func (c *Control) ForOrganization(id string) *Control {
	scoped := *c
	scoped.OrganizationID = id
	return &scoped
}

// org is the organization a call concerns: the one given, else the Control's own.
func (c *Control) org(given string) string {
	if given != "" {
		return given
	}
	return c.OrganizationID
}

// scoped is query with the Control's organization added when it names none; "" when empty.
func (c *Control) scoped(query url.Values) string {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	if c.OrganizationID != "" && q.Get("organizationId") == "" {
		q.Set("organizationId", c.OrganizationID)
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// Requests reads one page of the request journal, newest first. query holds its filters:
// operationId, method, path, status, subscriberId, workflow, organizationId, body, since,
// until, page, limit.
func (c *Control) Requests(ctx context.Context, query url.Values) (controlapi.RequestPage, error) {
	var page controlapi.RequestPage
	err := c.do(ctx, http.MethodGet, "/_novumock/requests"+c.scoped(query), nil, http.StatusOK, &page)
	return page, err
}

// Triggered counts the trigger requests (single, bulk and broadcast) for workflow that name
// subscriberID as a recipient and whose payload contains payload (field by field; nil matches
// any), whatever the fake answered them: the one-call answer to "did my app trigger X for Y with
// Z". Add a status filter through Requests to count only the accepted ones.
func (c *Control) Triggered(ctx context.Context, workflow, subscriberID string, payload map[string]any) (int, error) {
	q := url.Values{"workflow": {workflow}, "subscriberId": {subscriberID}, "limit": {"1"}}
	if payload != nil {
		body, err := json.Marshal(map[string]any{"payload": payload})
		if err != nil {
			return 0, err
		}
		q.Set("body", string(body))
	}
	page, err := c.Requests(ctx, q)
	return page.TotalCount, err
}

// ClearRequests empties the journal (a scoped Control: its organization's part of it).
func (c *Control) ClearRequests(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/_novumock/requests"+c.scoped(nil), nil, http.StatusNoContent, nil)
}

// AddFaults adds fault rules and answers every rule now kept. A scoped Control narrows each rule
// that names no organization to its own (so it fires for that worker's requests alone).
func (c *Control) AddFaults(ctx context.Context, rules ...controlapi.FaultRule) ([]controlapi.FaultRule, error) {
	if c.OrganizationID != "" {
		rules = append([]controlapi.FaultRule(nil), rules...)
		for i := range rules {
			if rules[i].OrganizationId == "" {
				rules[i].OrganizationId = c.OrganizationID
			}
		}
	}
	var out []controlapi.FaultRule
	err := c.do(ctx, http.MethodPut, "/_novumock/faults", rules, http.StatusOK, &out)
	return out, err
}

// Faults lists the fault rules with their hit counts (a scoped Control: its organization's).
func (c *Control) Faults(ctx context.Context) ([]controlapi.FaultRule, error) {
	var out []controlapi.FaultRule
	err := c.do(ctx, http.MethodGet, "/_novumock/faults"+c.scoped(nil), nil, http.StatusOK, &out)
	return out, err
}

// ClearFaults removes every fault rule (a scoped Control: its organization's).
func (c *Control) ClearFaults(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/_novumock/faults"+c.scoped(nil), nil, http.StatusNoContent, nil)
}

// NewOrganization makes a fresh organization (name may be empty) and answers its keys.
func (c *Control) NewOrganization(ctx context.Context, name string) (controlapi.CreatedOrganization, error) {
	var out controlapi.CreatedOrganization
	err := c.do(ctx, http.MethodPost, "/_novumock/organizations", map[string]string{"name": name}, http.StatusCreated, &out)
	return out, err
}

// DeleteOrganization drops an organization and everything in it.
func (c *Control) DeleteOrganization(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, "/_novumock/organizations/"+url.PathEscape(id), nil, http.StatusNoContent, nil)
}

// LoadState replaces all state with a state document (examples/fixture.json is one); with an
// organizationID, that organization's content alone, keeping its keys.
func (c *Control) LoadState(ctx context.Context, organizationID string, document []byte) error {
	path := "/_novumock/state"
	if organizationID = c.org(organizationID); organizationID != "" {
		path += "?organizationId=" + url.QueryEscape(organizationID)
	}
	return c.do(ctx, http.MethodPut, path, json.RawMessage(document), http.StatusNoContent, nil)
}

// Reset drops all state; with an organizationId, that organization's alone.
func (c *Control) Reset(ctx context.Context, organizationID string) error {
	path := "/_novumock/reset"
	if organizationID = c.org(organizationID); organizationID != "" {
		path += "?organizationId=" + url.QueryEscape(organizationID)
	}
	return c.do(ctx, http.MethodPost, path, nil, http.StatusNoContent, nil)
}

// Advance moves the fake's clock forward and answers the new time; with an organizationID,
// that organization's time alone (a test worker's time travel then leaves the others' alone).
func (c *Control) Advance(ctx context.Context, organizationID string, d time.Duration) (time.Time, error) {
	path := "/_novumock/clock/advance"
	if organizationID = c.org(organizationID); organizationID != "" {
		path += "?organizationId=" + url.QueryEscape(organizationID)
	}
	var out controlapi.Clock
	if err := c.do(ctx, http.MethodPost, path, map[string]string{"duration": d.String()}, http.StatusOK, &out); err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339Nano, out.Now)
}

// Outbox lists what the fake delivered; query may hold environment, organizationId, channel, to.
func (c *Control) Outbox(ctx context.Context, query url.Values) ([]controlapi.OutboxEntry, error) {
	var out []controlapi.OutboxEntry
	err := c.do(ctx, http.MethodGet, "/_novumock/outbox"+c.scoped(query), nil, http.StatusOK, &out)
	return out, err
}

func (c *Control) do(ctx context.Context, method, path string, in any, want int, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	client := c.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != want {
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, bytes.TrimSpace(raw))
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(raw, out)
}
