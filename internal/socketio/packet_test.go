package socketio

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodePacket(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want packet
		err  error
	}{
		{"ConnectBare", "0", packet{Type: packetConnect, Nsp: "/", ID: -1}, nil},
		{"ConnectAuth", `0{"token":"abc"}`, packet{Type: packetConnect, Nsp: "/", ID: -1, Data: json.RawMessage(`{"token":"abc"}`)}, nil},
		{"ConnectOtherNamespace", "0/admin,", packet{Type: packetConnect, Nsp: "/admin", ID: -1}, nil},
		{"ConnectNamespaceAtEnd", "0/admin", packet{Type: packetConnect, Nsp: "/admin", ID: -1}, nil},
		{"ConnectNamespaceAuth", `0/admin,{"a":1}`, packet{Type: packetConnect, Nsp: "/admin", ID: -1, Data: json.RawMessage(`{"a":1}`)}, nil},
		{"Disconnect", "1", packet{Type: packetDisconnect, Nsp: "/", ID: -1}, nil},
		{"Event", `2["hello",1]`, packet{Type: packetEvent, Nsp: "/", ID: -1, Data: json.RawMessage(`["hello",1]`)}, nil},
		{"EventWithAck", `212["hello"]`, packet{Type: packetEvent, Nsp: "/", ID: 12, Data: json.RawMessage(`["hello"]`)}, nil},
		{"EventNamespaceAck", `2/chat,7["m",{"x":[1]}]`, packet{Type: packetEvent, Nsp: "/chat", ID: 7, Data: json.RawMessage(`["m",{"x":[1]}]`)}, nil},
		{"Ack", `35[]`, packet{Type: packetAck, Nsp: "/", ID: 5, Data: json.RawMessage(`[]`)}, nil},
		{"ErrEmpty", "", packet{}, errEmptyPacket},
		{"ErrUnknownType", "9", packet{}, errUnknownType},
		{"ErrBinaryEvent", `51-["a",{"_placeholder":true,"num":0}]`, packet{}, errBinary},
		{"ErrBinaryAck", `61-1[]`, packet{}, errBinary},
		{"ErrBadJSON", `2["a"`, packet{}, errBadPayload},
		{"ErrEventNotArray", `2{"a":1}`, packet{}, errBadEventArray},
		{"ErrEventEmptyArray", `2[]`, packet{}, errBadEventArray},
		{"ErrEventNameNotString", `2[1,2]`, packet{}, errBadEventArray},
		{"ErrConnectAuthNotObject", `0[1]`, packet{}, errBadPayload},
		{"ErrConnectAuthNull", `0null`, packet{}, errBadPayload},
		{"ErrNamespaceNoComma", `0/admin{"a":1}`, packet{}, errBadNamespace},
		{"ErrAckIDHuge", `2999999999999999999999["a"]`, packet{}, errBadAckID},
		{"ErrAckNotArray", `31"x"`, packet{}, errBadEventArray},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodePacket(tt.in)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestEncodePacket(t *testing.T) {
	tests := []struct {
		name string
		in   packet
		want string
	}{
		{"ConnectAck", packet{Type: packetConnect, Nsp: "/", ID: -1, Data: json.RawMessage(`{"sid":"x"}`)}, `40{"sid":"x"}`},
		{"Disconnect", packet{Type: packetDisconnect, ID: -1}, `41`},
		{"ConnectErrorNamespace", packet{Type: packetConnectError, Nsp: "/admin", ID: -1, Data: json.RawMessage(`{"message":"Invalid namespace"}`)}, `44/admin,{"message":"Invalid namespace"}`},
		{"EventWithAck", packet{Type: packetEvent, Nsp: "/", ID: 3, Data: json.RawMessage(`["a"]`)}, `423["a"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, string(encodePacket(tt.in)))
		})
	}
}

func TestEncodeEvent(t *testing.T) {
	b, err := encodeEvent("unseen_count_changed", map[string]any{"unseenCount": 3, "hasMore": false})
	require.NoError(t, err)
	assert.Equal(t, `42["unseen_count_changed",{"hasMore":false,"unseenCount":3}]`, string(b))
	// What encodeEvent writes, decodePacket reads back.
	p, err := decodePacket(string(b[1:]))
	require.NoError(t, err)
	assert.Equal(t, byte(packetEvent), p.Type)

	_, err = encodeEvent("x", make(chan int))
	assert.Error(t, err, "a value JSON cannot encode is an error, not a frame")
}

// FuzzDecodePacket: any text a client sends after an Engine.IO '4' is decoded or refused with an
// error, never a panic, and what decodes encodes back to a packet that decodes the same.
func FuzzDecodePacket(f *testing.F) {
	for _, s := range []string{
		"0", `0{"token":"abc"}`, "1", `2["ping",{"a":1}]`, `2/admin,["x"]`, `212["x"]`, `3/chat,7[1,2]`,
		"4", `4{"message":"no"}`, `51-["x",{"_placeholder":true,"num":0}]`, "2", "9", "/", "0/a", `2["x"`,
		"29007199254740993[\"x\"]", "1 5", `0/nsp,{"token":null}`, "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := decodePacket(s)
		if err != nil {
			return
		}
		enc := encodePacket(p)
		if enc[0] != engineMessage {
			t.Fatalf("%q encodes to %q, not an Engine.IO message", s, enc)
		}
		back, err := decodePacket(string(enc[1:]))
		if err != nil {
			t.Fatalf("%q -> %+v encodes to %q, which does not decode: %v", s, p, enc, err)
		}
		if back.Type != p.Type || back.Nsp != p.Nsp || back.ID != p.ID || string(back.Data) != string(p.Data) {
			t.Fatalf("%q -> %+v -> %q -> %+v", s, p, enc, back)
		}
	})
}
