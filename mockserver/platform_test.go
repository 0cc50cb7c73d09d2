package mockserver_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/novumock/novumock/gen"
)

func TestEnvironments(t *testing.T) {
	f := mustNewServer(t)
	ctx := context.Background()
	me, err := f.Dev.GetCurrentEnvironmentWithResponse(ctx)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, me.StatusCode())
	dev := me.JSON200.Data
	assert.Equal(t, "Development", dev.Name)
	assert.Nil(t, dev.UnderscoreParentId)
	assert.Nil(t, dev.ApiKeys, "me never shows keys")
	assert.Len(t, dev.Identifier, 12)

	list, err := f.Prod.ListEnvironmentsWithResponse(ctx)
	require.NoError(t, err)
	require.Len(t, list.JSON200.Data, 2)
	for _, e := range list.JSON200.Data {
		if e.Name == "Production" {
			require.Len(t, *e.ApiKeys, 1, "the caller's own environment carries its key")
			assert.Equal(t, f.srv.ProdAPIKey(), (*e.ApiKeys)[0].Key)
			assert.Equal(t, dev.UnderscoreId, *e.UnderscoreParentId)
		} else {
			assert.Empty(t, *e.ApiKeys, "other environments' keys stay hidden")
		}
	}

	keys, err := f.Dev.ListApiKeysWithResponse(ctx)
	require.NoError(t, err)
	require.Len(t, keys.JSON200.Data, 1)
	assert.Equal(t, f.DevKey, keys.JSON200.Data[0].Key)
}

func TestOrganizations(t *testing.T) {
	f := mustNewServer(t)
	ctx := context.Background()
	me, err := f.Dev.GetCurrentOrganizationWithResponse(ctx)
	require.NoError(t, err)
	org := me.JSON200.Data
	assert.Equal(t, gen.OrganizationApiServiceLevel("unlimited"), *org.ApiServiceLevel)

	renamed, err := f.Dev.RenameOrganizationWithResponse(ctx, nil, gen.RenameOrganizationRequest{Name: "Globex"})
	require.NoError(t, err)
	assert.Equal(t, "Globex", renamed.JSON200.Data.Name)
	me, _ = f.Prod.GetCurrentOrganizationWithResponse(ctx)
	assert.Equal(t, "Globex", me.JSON200.Data.Name, "both environments share the organization")

	branding, err := f.Dev.UpdateOrganizationBrandingWithResponse(ctx, gen.UpdateBrandingRequest{Color: ptr("#ff6600")})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, branding.StatusCode(), string(branding.Body))
	assert.Equal(t, "#ff6600", *branding.JSON200.Data.Color)

	created, err := f.Dev.CreateOrganizationWithResponse(ctx, nil, gen.CreateOrganizationRequest{Name: "Initech"})
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, created.StatusCode())
	all, err := f.Dev.ListOrganizationsWithResponse(ctx)
	require.NoError(t, err)
	assert.Len(t, all.JSON200.Data, 2)

	members, err := f.Dev.ListOrganizationMembersWithResponse(ctx)
	require.NoError(t, err)
	require.Len(t, members.JSON200.Data, 1)
	m := members.JSON200.Data[0]
	assert.Equal(t, []gen.MemberRoles{gen.MemberRolesAdmin}, *m.Roles)

	role, err := f.Dev.UpdateMemberRoleWithResponse(ctx, m.UnderscoreId, gen.UpdateMemberRoleRequest{Role: "admin"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, role.StatusCode())
}

// TestOrganizations_RemoveMember: Novu's remove-member use case looks the member up first
// (404 Member not found) and then refuses the session's own user, which for an API key is
// the key's _userId: in the fake, the organization's only member.
func TestOrganizations_RemoveMember(t *testing.T) {
	f := mustNewServer(t)
	members, err := f.Dev.ListOrganizationMembersWithResponse(context.Background())
	require.NoError(t, err)
	require.Len(t, members.JSON200.Data, 1)
	own := members.JSON200.Data[0]
	tests := []struct {
		name, memberID string
		status         int
		message        string
	}{
		{"unknown member", "64a2f0c1e4b0a1b2c3d4e5f6", http.StatusNotFound, "Member not found"},
		{"the key's own member", own.UnderscoreId, http.StatusBadRequest, "Cannot remove self from members"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectAnswer(t, f.dev("DELETE", "/v1/organizations/members/"+tt.memberID, ""), tt.status, tt.message)
		})
	}
	after, err := f.Prod.ListOrganizationMembersWithResponse(context.Background())
	require.NoError(t, err)
	assert.Equal(t, members.JSON200.Data, after.JSON200.Data, "nobody was removed")
}

func TestInboundParse(t *testing.T) {
	f := mustNewServer(t)
	res, err := f.Dev.GetMxRecordStatusWithResponse(context.Background())
	require.NoError(t, err)
	assert.False(t, res.JSON200.Data.MxRecordConfigured)
}
