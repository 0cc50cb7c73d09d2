package socketio

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// Engine.IO v4 packet types, each sent as the first character of a text frame.
const (
	engineOpen    = '0'
	engineClose   = '1'
	enginePing    = '2'
	enginePong    = '3'
	engineMessage = '4'
	engineUpgrade = '5'
	engineNoop    = '6'
)

// Socket.IO v5 packet types (socket.io 3 and 4), the first character of an Engine.IO message.
const (
	packetConnect      = '0'
	packetDisconnect   = '1'
	packetEvent        = '2'
	packetAck          = '3'
	packetConnectError = '4'
	packetBinaryEvent  = '5'
	packetBinaryAck    = '6'
)

// packet is one decoded Socket.IO packet.
type packet struct {
	Type byte
	// Nsp is the namespace, "/" when the packet names none.
	Nsp string
	// ID is the acknowledgement id, -1 when absent.
	ID int64
	// Data is the JSON payload, nil when absent.
	Data json.RawMessage
}

var (
	errEmptyPacket   = errors.New("empty packet")
	errUnknownType   = errors.New("unknown packet type")
	errBinary        = errors.New("binary packets are not supported")
	errBadNamespace  = errors.New("namespace without a comma")
	errBadPayload    = errors.New("payload is not valid JSON")
	errBadEventArray = errors.New("event payload is not a non-empty array starting with a string")
	errBadAckID      = errors.New("acknowledgement id out of range")
)

// decodePacket reads a Socket.IO packet (the text after an Engine.IO '4'), as socket.io-parser's
// Decoder does: type digit, optional "/nsp," prefix, optional ack id digits, optional JSON.
func decodePacket(s string) (packet, error) {
	if s == "" {
		return packet{}, errEmptyPacket
	}
	p := packet{Type: s[0], Nsp: "/", ID: -1}
	switch p.Type {
	case packetConnect, packetDisconnect, packetEvent, packetAck, packetConnectError:
	case packetBinaryEvent, packetBinaryAck:
		return packet{}, errBinary
	default:
		return packet{}, errUnknownType
	}
	rest := s[1:]
	if strings.HasPrefix(rest, "/") {
		i := strings.IndexByte(rest, ',')
		if i < 0 {
			// socket.io-parser accepts "/nsp" alone at the end of the packet.
			if strings.ContainsAny(rest, "[{\"") {
				return packet{}, errBadNamespace
			}
			p.Nsp, rest = rest, ""
		} else {
			p.Nsp, rest = rest[:i], rest[i+1:]
		}
	}
	digits := 0
	for digits < len(rest) && rest[digits] >= '0' && rest[digits] <= '9' {
		digits++
	}
	if digits > 0 {
		id, err := strconv.ParseInt(rest[:digits], 10, 64)
		if err != nil || id > 1<<53 {
			return packet{}, errBadAckID
		}
		p.ID, rest = id, rest[digits:]
	}
	if rest != "" {
		if !json.Valid([]byte(rest)) {
			return packet{}, errBadPayload
		}
		p.Data = json.RawMessage(rest)
	}
	switch p.Type {
	case packetEvent:
		var args []json.RawMessage
		if json.Unmarshal(p.Data, &args) != nil || len(args) == 0 {
			return packet{}, errBadEventArray
		}
		var name string
		if json.Unmarshal(args[0], &name) != nil {
			return packet{}, errBadEventArray
		}
	case packetAck:
		var args []json.RawMessage
		if json.Unmarshal(p.Data, &args) != nil {
			return packet{}, errBadEventArray
		}
	case packetConnect:
		// The auth payload, when given, is an object (socket.io-parser's isPayloadValid).
		if p.Data != nil && !isObject(p.Data) {
			return packet{}, errBadPayload
		}
	}
	return p, nil
}

func isObject(raw json.RawMessage) bool {
	var m map[string]json.RawMessage
	return json.Unmarshal(raw, &m) == nil && m != nil
}

// encodePacket writes p as socket.io-parser's Encoder does for a text packet.
func encodePacket(p packet) []byte {
	b := make([]byte, 0, 2+len(p.Nsp)+len(p.Data)+8)
	b = append(b, engineMessage, p.Type)
	if p.Nsp != "" && p.Nsp != "/" {
		b = append(b, p.Nsp...)
		b = append(b, ',')
	}
	if p.ID >= 0 {
		b = strconv.AppendInt(b, p.ID, 10)
	}
	return append(b, p.Data...)
}

// encodeEvent is the Engine.IO frame of an EVENT packet on namespace "/": 42["name",data].
func encodeEvent(event string, data any) ([]byte, error) {
	payload, err := json.Marshal([]any{event, data})
	if err != nil {
		return nil, err
	}
	return encodePacket(packet{Type: packetEvent, ID: -1, Data: payload}), nil
}
