package contracttest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

func (t *T) newSubscriber() string {
	id := t.name("sub")
	t.create(call{op: "CreateSubscriber", body: map[string]any{"subscriberId": id, "firstName": "Ada"}}, 201, "subscriber "+id,
		func(*response) call {
			return call{op: "DeleteSubscriber", params: map[string]string{"subscriberId": id}}
		})
	return id
}

func scenarioSubscriberUpsert(t *T) {
	id := t.name("sub")
	first := t.create(call{op: "CreateSubscriber", body: map[string]any{"subscriberId": id, "firstName": "Ada"}}, 201, "subscriber "+id,
		func(*response) call {
			return call{op: "DeleteSubscriber", params: map[string]string{"subscriberId": id}}
		})
	second := t.do(call{op: "CreateSubscriber", body: map[string]any{"subscriberId": id, "firstName": "Grace"}})
	if !t.expect("CreateSubscriber", second, 201) || first.Status != 201 {
		return
	}
	if a, b := str(first.JSON, "data", "_id"), str(second.JSON, "data", "_id"); a != b {
		t.fail(Failure{Operation: "CreateSubscriber", Message: "upsert created a second subscriber", Expected: a, Actual: b})
	}
	got := t.do(call{op: "GetSubscriber", params: map[string]string{"subscriberId": id}})
	if t.expect("GetSubscriber", got, 200) && str(got.JSON, "data", "firstName") != "Grace" {
		t.fail(Failure{Operation: "GetSubscriber", Message: "upsert did not update the profile", Expected: "Grace", Actual: str(got.JSON, "data", "firstName")})
	}
}

func scenarioTopicMembership(t *T) {
	a, b := t.newSubscriber(), t.newSubscriber()
	key := t.name("topic")
	tp := map[string]string{"topicKey": key}
	t.create(call{op: "CreateTopic", body: map[string]any{"key": key, "name": "Members"}}, 201, "topic "+key,
		func(*response) call { return call{op: "DeleteTopic", params: tp} })
	// Removal runs before the topic delete (LIFO), so the topic can be deleted.
	t.deferDelete("topic members", call{op: "RemoveTopicSubscribers", params: tp, body: map[string]any{"subscribers": []string{a, b}}})
	unknown := t.r.prefix + "nobody"
	res := t.do(call{op: "AddTopicSubscribers", params: tp, body: map[string]any{"subscribers": []string{a, b, unknown}}})
	if t.expect("AddTopicSubscribers", res, 200) {
		ok := list(res.JSON, "data", "succeeded")
		if !slices.Contains(ok, any(a)) || !slices.Contains(ok, any(b)) {
			t.fail(Failure{Operation: "AddTopicSubscribers", Message: "succeeded does not list both subscribers", Expected: a + ", " + b, Actual: show(ok)})
		}
		if nf := list(res.JSON, "data", "failed", "notFound"); !slices.Contains(nf, any(unknown)) {
			t.fail(Failure{Operation: "AddTopicSubscribers", Message: "unknown subscriber not reported", Expected: "failed.notFound: [" + unknown + "]", Actual: show(nf)})
		}
	}
	t.expect("GetTopicSubscriber", t.do(call{op: "GetTopicSubscriber", params: map[string]string{"topicKey": key, "externalSubscriberId": a}}), 200)
	t.expect("DeleteTopic", t.do(call{op: "DeleteTopic", params: tp}), http.StatusConflict)
	t.expect("RemoveTopicSubscribers", t.do(call{op: "RemoveTopicSubscribers", params: tp, body: map[string]any{"subscribers": []string{a}}}), 204)
	t.expect("GetTopicSubscriber", t.do(call{op: "GetTopicSubscriber", params: map[string]string{"topicKey": key, "externalSubscriberId": a}}), 404)
	got := t.do(call{op: "GetTopic", params: tp})
	if t.expect("GetTopic", got, 200) {
		if subs := list(got.JSON, "data", "subscribers"); !slices.Contains(subs, any(b)) || slices.Contains(subs, any(a)) {
			t.fail(Failure{Operation: "GetTopic", Message: "topic members wrong after removal", Expected: "[" + b + "]", Actual: show(subs)})
		}
	}
}

func scenarioLayoutDefault(t *T) {
	if !needDefaultLayout(t) {
		return
	}
	original := t.defaultLayout()
	ids := make([]string, 2)
	for i := range ids {
		n := t.name("layout")
		res := t.create(call{op: "CreateLayout", body: layoutBody(t, n)}, 201, "layout "+n, func(r *response) call {
			return call{op: "DeleteLayout", params: map[string]string{"layoutId": str(r.JSON, "data", "_id")}}
		})
		ids[i] = str(res.JSON, "data", "_id")
	}
	// Registered last, so it runs first: the original default is back before ours are deleted.
	t.deferDelete("default layout restored", call{op: "SetDefaultLayout", params: map[string]string{"layoutId": original}})
	t.expect("SetDefaultLayout", t.do(call{op: "SetDefaultLayout", params: map[string]string{"layoutId": ids[1]}}), 204)
	for id, want := range map[string]bool{ids[1]: true, original: false, ids[0]: false} {
		res := t.do(call{op: "GetLayout", params: map[string]string{"layoutId": id}})
		if t.expect("GetLayout", res, 200) && get(res.JSON, "data", "isDefault") != want {
			t.fail(Failure{Operation: "GetLayout", Message: "isDefault wrong after set-default of " + ids[1], Expected: fmt.Sprint(want), Actual: show(get(res.JSON, "data", "isDefault"))})
		}
	}
	t.expect("DeleteLayout", t.do(call{op: "DeleteLayout", params: map[string]string{"layoutId": ids[1]}}), http.StatusConflict)
}

func scenarioPagination(t *T) {
	var mine []string
	for i := 0; i < 5; i++ {
		mine = append(mine, t.newSubscriber())
	}
	seen := map[string]bool{}
	const limit, maxPages = 2, 500
	for page := 0; ; page++ {
		if page == maxPages {
			t.skip("more than 1000 subscribers; walking them all would cost too much")
			return
		}
		res := t.do(call{op: "ListSubscribers", query: url.Values{"page": {strconv.Itoa(page)}, "limit": {strconv.Itoa(limit)}}})
		if !t.expect("ListSubscribers", res, 200) {
			return
		}
		items := list(res.JSON, "data")
		for _, it := range items {
			id := str(it, "_id")
			if seen[id] {
				t.fail(Failure{Operation: "ListSubscribers", Message: fmt.Sprintf("page %d repeats an item", page), Expected: "each item once", Actual: id})
			}
			seen[id] = true
			for i, m := range mine {
				if str(it, "subscriberId") == m {
					mine[i] = ""
				}
			}
		}
		more, _ := get(res.JSON, "hasMore").(bool)
		if more != (len(items) == limit) {
			t.fail(Failure{Operation: "ListSubscribers", Message: fmt.Sprintf("hasMore disagrees with page %d", page),
				Expected: fmt.Sprintf("hasMore=%v for %d items of limit %d", len(items) == limit, len(items), limit), Actual: fmt.Sprint(more)})
		}
		if !more || len(items) == 0 {
			break
		}
	}
	if missing := strings.Join(slices.DeleteFunc(mine, func(s string) bool { return s == "" }), ", "); missing != "" {
		t.fail(Failure{Operation: "ListSubscribers", Message: "walking every page missed subscribers (a gap)", Expected: "all created subscribers", Actual: "missing " + missing})
	}
	t.topicPages()
}

// topicPages creates three topics, then walks every topic of the environment two at a time
// (pagination style B, openapi.yaml): totalCount stays the same from page to page and equals
// the items seen.
func (t *T) topicPages() {
	for i := 0; i < 3; i++ {
		key := t.name("ptopic")
		t.create(call{op: "CreateTopic", body: map[string]any{"key": key, "name": "Paged"}}, 201, "topic "+key,
			func(*response) call { return call{op: "DeleteTopic", params: map[string]string{"topicKey": key}} })
	}
	seen, total := 0, -1.0
	for page := 0; page < 200; page++ {
		res := t.do(call{op: "ListTopics", query: url.Values{"page": {strconv.Itoa(page)}, "pageSize": {"2"}}})
		if !t.expect("ListTopics", res, 200) {
			return
		}
		n, _ := num(res.JSON, "totalCount")
		if total >= 0 && n != total {
			t.fail(Failure{Operation: "ListTopics", Message: "totalCount changed between pages", Expected: fmt.Sprint(total), Actual: fmt.Sprint(n)})
		}
		total = n
		items := list(res.JSON, "data")
		seen += len(items)
		if len(items) == 0 {
			break
		}
	}
	if float64(seen) != total {
		t.fail(Failure{Operation: "ListTopics", Message: "items across pages disagree with totalCount", Expected: fmt.Sprint(total), Actual: fmt.Sprint(seen)})
	}
}

func (t *T) idemTopic(key, name, idem string) *response {
	return t.do(call{op: "CreateTopic", body: map[string]any{"key": key, "name": name}, header: map[string]string{"Idempotency-Key": idem}})
}

func scenarioIdempotentReplay(t *T) {
	key, idem := t.name("itopic"), t.name("idem")
	first := t.create(call{op: "CreateTopic", body: map[string]any{"key": key, "name": "Once"}, header: map[string]string{"Idempotency-Key": idem}},
		201, "topic "+key, func(*response) call { return call{op: "DeleteTopic", params: map[string]string{"topicKey": key}} })
	if t.idempotencyOff("CreateTopic", first) {
		return
	}
	second := t.idemTopic(key, "Once", idem)
	if !t.expect("CreateTopic", second, first.Status) {
		return
	}
	if second.Header.Get("Idempotency-Replay") != "true" {
		t.fail(Failure{Operation: "CreateTopic", Message: "replay not marked", Expected: "Idempotency-Replay: true", Actual: strconv.Quote(second.Header.Get("Idempotency-Replay"))})
	}
	if string(first.Body) != string(second.Body) {
		t.fail(Failure{Operation: "CreateTopic", Message: "replay body differs from the first answer", Expected: snippet(first.Body), Actual: snippet(second.Body)})
	}
}

func scenarioIdempotencyMismatch(t *T) {
	key, idem := t.name("itopic"), t.name("idem")
	first := t.create(call{op: "CreateTopic", body: map[string]any{"key": key, "name": "Once"}, header: map[string]string{"Idempotency-Key": idem}},
		201, "topic "+key, func(*response) call { return call{op: "DeleteTopic", params: map[string]string{"topicKey": key}} })
	if t.idempotencyOff("CreateTopic", first) {
		return
	}
	res := t.idemTopic(key, "Twice", idem)
	want := fmt.Sprintf("Request with key %q is being reused for a different body", idem)
	if t.expect("CreateTopic", res, http.StatusUnprocessableEntity) && str(res.JSON, "message") != want {
		t.fail(Failure{Operation: "CreateTopic", Message: "wrong 422 message", Expected: want, Actual: str(res.JSON, "message")})
	}
	long := strings.Repeat("k", 256)
	res = t.idemTopic(t.name("itopic"), "Long", long)
	want = fmt.Sprintf("idempotencyKey %q has exceeded the maximum allowed length of 255 characters", long)
	if t.expect("CreateTopic", res, http.StatusBadRequest) && str(res.JSON, "message") != want {
		t.fail(Failure{Operation: "CreateTopic", Message: "wrong 400 message for a long key", Expected: truncate(want, 60), Actual: truncate(str(res.JSON, "message"), 60)})
	}
}

func scenarioIsolation(t *T) {
	sub := t.newSubscriber()
	key := t.name("topic")
	t.create(call{op: "CreateTopic", body: map[string]any{"key": key, "name": "Dev only"}}, 201, "topic "+key,
		func(*response) call { return call{op: "DeleteTopic", params: map[string]string{"topicKey": key}} })
	t.expect("GetSubscriber", t.do(call{op: "GetSubscriber", prod: true, params: map[string]string{"subscriberId": sub}}), 404)
	t.expect("GetTopic", t.do(call{op: "GetTopic", prod: true, params: map[string]string{"topicKey": key}}), 404)
	res := t.do(call{op: "ListTopics", prod: true, query: url.Values{"key": {key}}})
	if t.expect("ListTopics", res, 200) && findBy(list(res.JSON, "data"), "key", key) != nil {
		t.fail(Failure{Operation: "ListTopics", Message: "Production lists a Development topic", Expected: "absent", Actual: key})
	}
}
