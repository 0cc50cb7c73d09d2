package mockserver

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// CORS of the subscriber-facing routes, as Novu's corsOptionsDelegate (apps/api/src/config/
// cors.config.ts) sets it for /v1/inbox and /v1/widgets through Express's cors package: any
// origin ("*"), Novu's methods, its request headers, a day's max-age, and preflights answered
// 204 before routing or authentication. The browser clients run on other origins, so without
// this they could not call the fake at all. Other routes are server-to-server and keep no CORS
// headers.

// corsPrefixes are the routes a browser calls.
var corsPrefixes = []string{"/v1/inbox", "/v1/widgets", "/socket.io"}

const (
	corsMethods = "GET,HEAD,POST,PUT,DELETE,PATCH,OPTIONS"
	// corsHeaders are Novu v2.0.0's HttpRequestHeaderKeysEnum, plus the two headers @novu/js 3.x
	// sends that v2.0.0 did not list yet (Novu-Client-Version, Novu-Application-Identifier):
	// without them a browser's preflight for the 3.x Inbox fails.
	corsHeaders = "Authorization,User-Agent,Content-Type,Sentry-Trace,Novu-Environment-Id,Novu-API-Version," +
		"Novu-User-Agent,Novu-Client-Version,Novu-Application-Identifier"
	corsMaxAge = "86400"
)

func isCORSRoute(path string) bool {
	for _, p := range corsPrefixes {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// cors answers preflights (true: the request is answered) and marks answers of the
// subscriber-facing routes as readable from any origin. It runs before routing, as Express's
// cors middleware runs before Nest's router.
func cors(w http.ResponseWriter, req *http.Request) bool {
	if !isCORSRoute(req.URL.Path) {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	if req.Method != http.MethodOptions {
		return false
	}
	h.Set("Access-Control-Allow-Methods", corsMethods)
	h.Set("Access-Control-Allow-Headers", corsHeaders)
	h.Set("Access-Control-Max-Age", corsMaxAge)
	h.Set(echo.HeaderContentLength, "0")
	w.WriteHeader(http.StatusNoContent)
	return true
}
