package contracttest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Leftovers finds what contract runs left behind on a target (a run that was killed, or whose
// target went away, never deleted what it had created) and, with Apply, deletes it. It only
// ever touches resources whose name or identifier starts with Prefix, as everything the suite
// creates does.
type Leftovers struct {
	// Target, APIKey, ProdAPIKey, RPS, Timeout and Transport are as in Suite. With ProdAPIKey
	// the Production environment is swept too (disposable runs promote resources there).
	Target, APIKey, ProdAPIKey string
	RPS                        float64
	Timeout                    time.Duration
	Transport                  http.RoundTripper
	// Prefix is a run's prefix (the report's "prefix", e.g. nvmk-1a2b3c4d-), or "nvmk-" for
	// every run's leftovers.
	Prefix string
	// Apply deletes what was found; without it the sweep only lists it (a dry run).
	Apply bool
}

// Leftover kinds, in the order they are deleted (workflows before their groups, topic members
// before topics).
type sweepSection struct {
	kind, list, nameField, del, param string
	sizeParam                         string // "" for a list without pages
	size                              int    // the largest page the spec allows
	byName                            bool   // the delete names the item by nameField, not _id
}

var sweepSections = []sweepSection{
	{"workflow", "ListWorkflows", "name", "DeleteWorkflow", "workflowId", "limit", 100, false},
	{"topic", "ListTopics", "key", "DeleteTopic", "topicKey", "pageSize", 10, true},
	{"subscriber", "ListSubscribers", "subscriberId", "DeleteSubscriber", "subscriberId", "limit", 100, true},
	{"tenant", "ListTenants", "identifier", "DeleteTenant", "identifier", "limit", 100, true},
	{"layout", "ListLayouts", "name", "DeleteLayout", "layoutId", "pageSize", 100, false},
	{"feed", "ListFeeds", "name", "DeleteFeed", "feedId", "", 0, false},
	{"integration", "ListIntegrations", "name", "DeleteIntegration", "integrationId", "", 0, false},
	{"workflow group", "ListWorkflowGroups", "name", "DeleteWorkflowGroup", "id", "", 0, false},
}

// Found is one resource carrying the prefix.
type Found struct {
	Environment string `json:"environment"` // development or production
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	ID          string `json:"id"`
	Deleted     bool   `json:"deleted"`
	Error       string `json:"error,omitempty"`
}

// maxSweepPages bounds the listing of one section.
const maxSweepPages = 100

// Run lists (and with Apply deletes) the resources carrying Prefix. The error is non-nil when
// the sweep could not run (bad configuration, unreachable target, rejected key); a delete that
// failed is a Found with Error set.
func (l Leftovers) Run(ctx context.Context) ([]Found, error) {
	if len(l.Prefix) < len("nvmk-") {
		return nil, fmt.Errorf("prefix %q: want a run's prefix (the report's \"prefix\", e.g. nvmk-1a2b3c4d-) or nvmk-", l.Prefix)
	}
	s := Suite{Target: l.Target, APIKey: l.APIKey, ProdAPIKey: l.ProdAPIKey, RPS: l.RPS, Timeout: l.Timeout,
		Prefix: l.Prefix, Transport: l.Transport}
	r, err := s.newRunner()
	if err != nil {
		return nil, err
	}
	if err := r.preflight(ctx); err != nil {
		return nil, err
	}
	t := r.newT(ctx, &CheckResult{Name: "cleanup"})
	var found []Found
	envs := []bool{false}
	if l.ProdAPIKey != "" {
		envs = append(envs, true)
	}
	for _, prod := range envs {
		env := "development"
		if prod {
			env = "production"
		}
		for _, sec := range sweepSections {
			items, err := t.sweepList(sec, prod, l.Prefix)
			if err != nil {
				return found, fmt.Errorf("%s (%s): %w", sec.list, env, err)
			}
			for _, it := range items {
				f := Found{Environment: env, Kind: sec.kind, Name: it.name, ID: it.id}
				if l.Apply {
					f.Error = t.sweepDelete(sec, prod, it)
					f.Deleted = f.Error == ""
				}
				found = append(found, f)
			}
		}
	}
	return found, nil
}

type sweepItem struct{ name, id string }

// sweepList reads every page of a section and keeps the items whose name carries prefix.
func (t *T) sweepList(sec sweepSection, prod bool, prefix string) ([]sweepItem, error) {
	var out []sweepItem
	seen := map[string]bool{}
	for page := 0; page < maxSweepPages; page++ {
		q := url.Values{}
		if sec.sizeParam != "" {
			q.Set(sec.sizeParam, strconv.Itoa(sec.size))
			q.Set("page", strconv.Itoa(page))
		}
		res := t.do(call{op: sec.list, query: q, prod: prod})
		if res.err != nil {
			return nil, res.err
		}
		if res.Status != http.StatusOK {
			return nil, fmt.Errorf("answered %d %s", res.Status, snippet(res.Body))
		}
		items := list(res.JSON, "data")
		fresh := 0
		for _, raw := range items {
			id := str(raw, "_id")
			if seen[id] {
				continue
			}
			seen[id] = true
			fresh++
			if name := str(raw, sec.nameField); strings.HasPrefix(name, prefix) {
				key := id
				if sec.byName {
					key = name
				}
				out = append(out, sweepItem{name: name, id: key})
			}
		}
		if sec.sizeParam == "" || fresh == 0 || len(items) < sec.size {
			break
		}
	}
	return out, nil
}

// sweepDelete deletes one item; a topic that still has subscribers loses them first. It
// returns why the delete failed, or "".
func (t *T) sweepDelete(sec sweepSection, prod bool, it sweepItem) string {
	params := map[string]string{sec.param: it.id}
	res := t.do(call{op: sec.del, params: params, prod: prod})
	if res.err == nil && res.Status == http.StatusConflict && sec.kind == "topic" {
		if err := t.emptyTopic(params, prod); err != nil {
			return err.Error()
		}
		res = t.do(call{op: sec.del, params: params, prod: prod})
	}
	switch {
	case res.err != nil:
		return res.err.Error()
	case res.Status >= 300 && res.Status != http.StatusNotFound:
		return fmt.Sprintf("%d %s", res.Status, snippet(res.Body))
	}
	return ""
}

// emptyTopic removes every subscriber of a topic, so it can be deleted.
func (t *T) emptyTopic(params map[string]string, prod bool) error {
	res := t.do(call{op: "GetTopic", params: params, prod: prod})
	if res.err != nil || res.Status != http.StatusOK {
		return errors.New("cannot read the topic's subscribers")
	}
	var ids []string
	for _, s := range list(res.JSON, "data", "subscribers") {
		if id, ok := s.(string); ok {
			ids = append(ids, id)
		}
	}
	res = t.do(call{op: "RemoveTopicSubscribers", params: params, prod: prod, body: map[string]any{"subscribers": ids}})
	if res.err != nil || res.Status >= 300 {
		return fmt.Errorf("removing its subscribers answered %d", res.Status)
	}
	return nil
}
