package contracttest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// disposableChecks are the scenarios for the operations sandbox mode never sends a valid key to
// (neverProbed): their effect reaches beyond the suite's own resources, so they run only in
// ModeDisposable, against throwaway targets. Each still restores or deletes what it can; what
// the API offers no way to undo (a created organization, a removed member) stays, and the Doc
// says so. The organization check removes a member, so it runs last.
func disposableChecks() []Check {
	return []Check{
		{Name: "changes_promote", Kind: KindScenario, Mutates: true, Disposable: true, run: scenarioChangesPromote,
			Doc: "a Development workflow group and feed are listed as pending changes; applying one (and one in bulk) promotes it to Production; an unknown change → 404 (disposable mode)"},
		{Name: "broadcast_reaches_every_subscriber", Kind: KindScenario, Mutates: true, Disposable: true, run: scenarioBroadcast,
			Doc: "broadcast of an in-app workflow lands in the feed of every subscriber; without payload → 400 (disposable mode: notifies every subscriber of the environment)"},
		{Name: "organization_settings", Kind: KindScenario, Mutates: true, Disposable: true, run: scenarioOrganization,
			Doc: "rename (and back), branding, create and list, member role, member removal (the key's own member → 400), as GET /v1/organizations/me and the lists show them (disposable mode: the created organization and a removed member stay)"},
	}
}

// ---------------------------------------------------------------- changes

var changeOps = []string{"ListChanges", "ApplyChange", "ApplyChanges"}

// pendingChange finds the pending change of type typ recorded for entityID (at most 10 pages of
// 100).
func (t *T) pendingChange(typ, entityID string) map[string]any {
	for page := 0; page < 10; page++ {
		res := t.do(call{op: "ListChanges", query: url.Values{"promoted": {"false"}, "limit": {"100"}, "page": {strconv.Itoa(page)}}})
		if !t.expect("ListChanges", res, http.StatusOK) {
			return nil
		}
		items := list(res.JSON, "data")
		for _, it := range items {
			if m, ok := it.(map[string]any); ok && m["_entityId"] == entityID && m["type"] == typ {
				return m
			}
		}
		if len(items) < 100 {
			return nil
		}
	}
	return nil
}

// promotedIn reports whether the Production key lists an item named name, and registers its
// delete (after the Development one, so it runs first).
func (t *T) promotedIn(listOp, delOp, idParam, name string) bool {
	res := t.do(call{op: listOp, prod: true})
	if !t.expect(listOp, res, http.StatusOK) {
		return false
	}
	item := findBy(list(res.JSON, "data"), "name", name)
	if item == nil {
		return false
	}
	t.deferDelete("promoted "+name, call{op: delOp, prod: true, params: map[string]string{idParam: str(item, "_id")}})
	return true
}

// expectApplied checks a 201 apply answer of a pending change: the answer lists it, and it is
// pending no more. Its enabled flag in the answer says nothing: Novu answers the changes as it
// read them, before it marks them enabled.
func (t *T) expectApplied(op string, res *response, change map[string]any) {
	if !t.expect(op, res, http.StatusCreated) {
		return
	}
	id := str(change, "_id")
	if findBy(list(res.JSON, "data"), "_id", id) == nil {
		t.fail(Failure{Operation: op, Message: "the apply answer does not list the change",
			Expected: id + " in data", Actual: snippet(res.Body)})
	}
	if t.pendingChange(str(change, "type"), str(change, "_entityId")) != nil {
		t.fail(Failure{Operation: "ListChanges", Message: "the applied change is still pending", Expected: "absent from promoted=false", Actual: id})
	}
}

func scenarioChangesPromote(t *T) {
	if t.r.s.ProdAPIKey == "" {
		t.skip("needs --prod-api-key to see, and delete, what it promotes to Production", changeOps...)
		return
	}
	// One workflow group, applied on its own.
	group := t.name("group")
	res := t.create(call{op: "CreateWorkflowGroup", body: map[string]any{"name": group}}, 201, "workflow group "+group,
		func(r *response) call {
			return call{op: "DeleteWorkflowGroup", params: map[string]string{"id": str(r.JSON, "data", "_id")}}
		})
	groupID := str(res.JSON, "data", "_id")
	if groupID == "" {
		return
	}
	change := t.pendingChange("NotificationGroup", groupID)
	if change == nil {
		t.fail(Failure{Operation: "ListChanges", Message: "creating a Development workflow group recorded no pending change",
			Expected: "a NotificationGroup change for " + groupID, Actual: "none in GET /v1/changes?promoted=false"})
	} else {
		id := str(change, "_id")
		t.expectApplied("ApplyChange", t.do(call{op: "ApplyChange", params: map[string]string{"changeId": id}, body: map[string]any{}}), change)
		if !t.promotedIn("ListWorkflowGroups", "DeleteWorkflowGroup", "id", group) {
			t.fail(Failure{Operation: "ListWorkflowGroups", Message: "the applied workflow group is not in Production",
				Expected: group, Actual: "absent from the Production key's list"})
		}
	}

	// One feed, applied in bulk.
	feed := t.name("feed")
	res = t.create(call{op: "CreateFeed", body: map[string]any{"name": feed}}, 201, "feed "+feed,
		func(r *response) call {
			return call{op: "DeleteFeed", params: map[string]string{"feedId": str(r.JSON, "data", "_id")}}
		})
	feedID := str(res.JSON, "data", "_id")
	if feedID == "" {
		return
	}
	change = t.pendingChange("Feed", feedID)
	if change == nil {
		t.fail(Failure{Operation: "ListChanges", Message: "creating a Development feed recorded no pending change",
			Expected: "a Feed change for " + feedID, Actual: "none in GET /v1/changes?promoted=false"})
	} else {
		id := str(change, "_id")
		t.expectApplied("ApplyChanges", t.do(call{op: "ApplyChanges", body: map[string]any{"changeIds": []string{id}}}), change)
		if !t.promotedIn("ListFeeds", "DeleteFeed", "feedId", feed) {
			t.fail(Failure{Operation: "ListFeeds", Message: "the feed applied in bulk is not in Production",
				Expected: feed, Actual: "absent from the Production key's list"})
		}
	}

	unknown := "00000000000000000000dead"
	t.expect("ApplyChange", t.do(call{op: "ApplyChange", params: map[string]string{"changeId": unknown}, body: map[string]any{}}), http.StatusNotFound)
	// The bulk call skips an id it does not find: nothing is applied, nothing answered.
	res = t.do(call{op: "ApplyChanges", body: map[string]any{"changeIds": []string{unknown}}})
	if t.expect("ApplyChanges", res, http.StatusCreated) && len(list(res.JSON, "data")) > 0 {
		t.fail(Failure{Operation: "ApplyChanges", Message: "an unknown change id applied something",
			Expected: "an empty data list", Actual: snippet(res.Body)})
	}
}

// ---------------------------------------------------------------- broadcast

func scenarioBroadcast(t *T) {
	subs := []string{t.newSubscriber(), t.newSubscriber()}
	wf := t.newWorkflow([]any{inAppStep})
	if wf == "" {
		return
	}
	res := t.do(call{op: "BroadcastEvent", body: map[string]any{"name": wf, "payload": map[string]any{"name": "Ada"}}})
	if !t.expect("BroadcastEvent", res, http.StatusCreated) {
		return
	}
	tx := str(res.JSON, "data", "transactionId")
	if st := str(res.JSON, "data", "status"); st != "processed" || tx == "" || get(res.JSON, "data", "acknowledged") != true {
		t.fail(Failure{Operation: "BroadcastEvent", Message: "broadcast not processed",
			Expected: "acknowledged, status processed, a transactionId", Actual: snippet(res.Body)})
		return
	}
	t.deferDelete("messages of "+tx, call{op: "DeleteMessagesByTransactionId", params: map[string]string{"transactionId": tx}})
	for _, sub := range subs {
		sp := map[string]string{"subscriberId": sub}
		if !t.eventually(func() bool {
			feed := t.do(call{op: "GetSubscriberNotificationFeed", params: sp, query: url.Values{"limit": {"100"}}})
			return findBy(list(feed.JSON, "data"), "transactionId", tx) != nil
		}) {
			t.fail(Failure{Operation: "GetSubscriberNotificationFeed", Message: "the broadcast never reached a subscriber's in-app feed",
				Expected: "a message of transaction " + tx + " for " + sub, Actual: "none"})
		}
	}
	res = t.do(call{op: "BroadcastEvent", body: map[string]any{"name": wf}})
	t.expect("BroadcastEvent", res, http.StatusBadRequest)
}

// ---------------------------------------------------------------- organization

var orgOps = []string{"RenameOrganization", "UpdateOrganizationBranding", "CreateOrganization", "UpdateMemberRole", "RemoveOrganizationMember"}

func (t *T) currentOrganization() map[string]any {
	res := t.do(call{op: "GetCurrentOrganization"})
	if !t.expect("GetCurrentOrganization", res, http.StatusOK) {
		return nil
	}
	m, _ := get(res.JSON, "data").(map[string]any)
	return m
}

func scenarioOrganization(t *T) {
	org := t.currentOrganization()
	if org == nil {
		t.skip("GET /v1/organizations/me did not answer the organization", orgOps...)
		return
	}
	t.renameOrganization(str(org, "name"))
	t.updateBranding(org)
	t.createOrganization()
	t.members()
}

func (t *T) renameOrganization(original string) {
	renamed := t.name("org")
	// Registered before the rename is sent, so even a failure half-way renames it back.
	t.deferDelete("organization name", call{op: "RenameOrganization", body: map[string]any{"name": original}})
	res := t.do(call{op: "RenameOrganization", body: map[string]any{"name": renamed}})
	if !t.expect("RenameOrganization", res, http.StatusOK) {
		return
	}
	if got := str(res.JSON, "data", "name"); got != renamed {
		t.fail(Failure{Operation: "RenameOrganization", Message: "the rename answer does not show the new name", Expected: renamed, Actual: got})
	}
	if got := str(t.currentOrganization(), "name"); got != renamed {
		t.fail(Failure{Operation: "GetCurrentOrganization", Message: "rename not persisted", Expected: renamed, Actual: got})
	}
	res = t.do(call{op: "RenameOrganization", body: map[string]any{"name": original}})
	if t.expect("RenameOrganization", res, http.StatusOK) {
		t.forget("organization name")
		if got := str(t.currentOrganization(), "name"); got != original {
			t.fail(Failure{Operation: "GetCurrentOrganization", Message: "renaming back did not restore the name", Expected: original, Actual: got})
		}
	}
}

var brandingFields = []string{"logo", "color", "fontColor", "contentBackground", "fontFamily"}

func (t *T) updateBranding(org map[string]any) {
	// The previous values come back when the check ends; a field that was unset stays set, as
	// the API has no way to clear it.
	previous := map[string]any{}
	for _, f := range brandingFields {
		if v := str(org, "branding", f); v != "" {
			previous[f] = v
		}
	}
	if len(previous) > 0 {
		t.deferDelete("organization branding", call{op: "UpdateOrganizationBranding", body: previous})
	}
	want := map[string]any{"color": "#1a2b3c", "fontColor": "#0d0e0f", "contentBackground": "#fafafa", "fontFamily": t.name("font")}
	res := t.do(call{op: "UpdateOrganizationBranding", body: want})
	if !t.expect("UpdateOrganizationBranding", res, http.StatusOK) {
		return
	}
	after := t.currentOrganization()
	for f, v := range want {
		if got := str(res.JSON, "data", f); got != v {
			t.fail(Failure{Operation: "UpdateOrganizationBranding", Message: "the branding answer does not show " + f, Expected: v.(string), Actual: got})
		}
		if got := str(after, "branding", f); got != v {
			t.fail(Failure{Operation: "GetCurrentOrganization", Message: "branding." + f + " not persisted", Expected: v.(string), Actual: got})
		}
	}
}

// createOrganization creates an organization the API offers no way to delete: it stays.
func (t *T) createOrganization() {
	name := t.name("org")
	res := t.do(call{op: "CreateOrganization", body: map[string]any{"name": name}})
	if !t.expect("CreateOrganization", res, http.StatusCreated) {
		return
	}
	id := str(res.JSON, "data", "_id")
	if got := str(res.JSON, "data", "name"); got != name || id == "" {
		t.fail(Failure{Operation: "CreateOrganization", Message: "the create answer does not show the organization", Expected: name, Actual: snippet(res.Body)})
		return
	}
	all := t.do(call{op: "ListOrganizations"})
	if t.expect("ListOrganizations", all, http.StatusOK) && findBy(list(all.JSON, "data"), "_id", id) == nil {
		t.fail(Failure{Operation: "ListOrganizations", Message: "the created organization is not listed", Expected: id, Actual: "absent"})
	}
}

// members makes the first member an admin, then removes a member that is not the key's own
// user (which is why this runs last); when there is none, it checks that the key's own member
// cannot be removed instead.
func (t *T) members() {
	res := t.do(call{op: "ListOrganizationMembers"})
	if !t.expect("ListOrganizationMembers", res, http.StatusOK) {
		return
	}
	members := list(res.JSON, "data")
	if len(members) == 0 {
		t.fail(Failure{Operation: "ListOrganizationMembers", Message: "the organization lists no member", Expected: "≥ 1", Actual: "0"})
		return
	}
	first := str(members, 0, "_id")
	mp := map[string]string{"memberId": first}
	res = t.do(call{op: "UpdateMemberRole", params: mp, body: map[string]any{"role": "admin"}})
	if t.expect("UpdateMemberRole", res, http.StatusOK) && !slices.Contains(list(res.JSON, "data", "roles"), any("admin")) {
		t.fail(Failure{Operation: "UpdateMemberRole", Message: "the role answer does not show admin", Expected: "roles contains admin", Actual: show(get(res.JSON, "data", "roles"))})
	}
	listed := t.do(call{op: "ListOrganizationMembers"})
	if m := findBy(list(listed.JSON, "data"), "_id", first); m == nil || !slices.Contains(list(m, "roles"), any("admin")) {
		t.fail(Failure{Operation: "ListOrganizationMembers", Message: "the member list does not show the admin role", Expected: first + " with roles [admin]", Actual: show(m)})
	}
	t.expect("UpdateMemberRole", t.do(call{op: "UpdateMemberRole", params: mp, body: map[string]any{"role": "owner"}}), http.StatusBadRequest)

	keys := t.do(call{op: "ListApiKeys"})
	own := str(keys.JSON, "data", 0, "_userId")
	victim := ""
	for _, m := range members {
		if u := str(m, "_userId"); u != "" && u != own {
			victim = str(m, "_id")
			break
		}
	}
	if victim == "" {
		t.removeSelfRefused(members, own)
		return
	}
	vp := map[string]string{"memberId": victim}
	res = t.do(call{op: "RemoveOrganizationMember", params: vp})
	if !t.expect("RemoveOrganizationMember", res, http.StatusOK) {
		return
	}
	if got := str(res.JSON, "data", "_id"); got != victim {
		t.fail(Failure{Operation: "RemoveOrganizationMember", Message: "the answer is not the removed member", Expected: victim, Actual: got})
	}
	after := t.do(call{op: "ListOrganizationMembers"})
	if t.expect("ListOrganizationMembers", after, http.StatusOK) && findBy(list(after.JSON, "data"), "_id", victim) != nil {
		t.fail(Failure{Operation: "ListOrganizationMembers", Message: "the removed member is still listed", Expected: "absent", Actual: victim})
	}
	t.expect("RemoveOrganizationMember", t.do(call{op: "RemoveOrganizationMember", params: vp}), http.StatusNotFound)
	t.expect("UpdateMemberRole", t.do(call{op: "UpdateMemberRole", params: vp, body: map[string]any{"role": "admin"}}), http.StatusNotFound)
}

// removeSelfRefused: the member of the key's own user cannot be removed (400), and an unknown
// member id is not found (404).
func (t *T) removeSelfRefused(members []any, own string) {
	self := ""
	for _, m := range members {
		if str(m, "_userId") == own {
			self = str(m, "_id")
		}
	}
	if self == "" {
		t.fail(Failure{Operation: "ListOrganizationMembers", Message: "no member belongs to the key's user", Expected: own, Actual: show(members)})
		return
	}
	res := t.do(call{op: "RemoveOrganizationMember", params: map[string]string{"memberId": self}})
	if t.expect("RemoveOrganizationMember", res, http.StatusBadRequest) {
		if got := str(res.JSON, "message"); got != "Cannot remove self from members" {
			t.fail(Failure{Operation: "RemoveOrganizationMember", Message: "removing the key's own member", Expected: "Cannot remove self from members", Actual: got})
		}
	}
	after := t.do(call{op: "ListOrganizationMembers"})
	if t.expect("ListOrganizationMembers", after, http.StatusOK) && findBy(list(after.JSON, "data"), "_id", self) == nil {
		t.fail(Failure{Operation: "ListOrganizationMembers", Message: "the key's own member was removed", Expected: self, Actual: "absent"})
	}
	res = t.do(call{op: "RemoveOrganizationMember", params: map[string]string{"memberId": "000000000000000000000000"}})
	if t.expect("RemoveOrganizationMember", res, http.StatusNotFound) {
		if got := str(res.JSON, "message"); got != "Member not found" {
			t.fail(Failure{Operation: "RemoveOrganizationMember", Message: "removing an unknown member", Expected: "Member not found", Actual: got})
		}
	}
}
