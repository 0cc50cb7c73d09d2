# novumock — every target a developer or CI needs. `make test` is what CI runs.
GO        ?= go
BIN       := bin/novumock
SDK_DIR   := cmd/novumock/testdata/sdk
INBOX_DIR := cmd/novumock/testdata/inbox

.PHONY: all generate check-generated build run test test-go screenshots sdk-deps lint bench bench-sockets fuzz clean image dist

# Release builds: static (no cgo, so they run FROM scratch and on any libc), paths trimmed, and
# the commit stamped as a fallback for builds the toolchain does not stamp (novumock version).
COMMIT    := $(shell git rev-parse HEAD 2>/dev/null)
LDFLAGS   := -s -w -X main.buildCommit=$(COMMIT)
RELEASE_BUILD = CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)"

all: build

## generate: regenerate gen/ from openapi.yaml (and gen/controlapi from mockserver/control.yaml) with the oapi-codegen pinned in go.mod
generate:
	$(GO) generate ./gen/...

## check-generated: fail when gen/ is not exactly what openapi.yaml generates
check-generated: generate
	@git diff --exit-code -- gen/ && test -z "$$(git ls-files --others --exclude-standard -- gen/)" \
		|| { echo "gen/ is stale: run 'make generate' and commit (new files included)"; exit 1; }

## build: the binary, in bin/
build:
	$(GO) build -ldflags "-X main.buildCommit=$(COMMIT)" -o $(BIN) ./cmd/novumock

## run: the fake on 127.0.0.1:4010 with its default keys
run:
	$(GO) run ./cmd/novumock serve

## test: vet, formatting, then every Go test with the race detector (includes the real-SDK run)
test: lint sdk-deps
	$(GO) test -race -count=1 -timeout 20m ./...

## screenshots: re-take the README's console screenshots (docs/console/*.png) with the console test in headless Chromium
screenshots:
	$(GO) test -count=1 -run '^TestConsole_InChromium$$' ./cmd/novumock -console-screenshots $(CURDIR)/docs/console

## sdk-deps: install the real SDKs from the committed lock files: @novu/node, and the in-app clients @novu/js and @novu/headless
sdk-deps:
	@if [ ! -d $(SDK_DIR)/node_modules ]; then cd $(SDK_DIR) && npm ci --no-audit --no-fund; fi
	@if [ ! -d $(INBOX_DIR)/node_modules ]; then cd $(INBOX_DIR) && npm ci --no-audit --no-fund; fi

## lint: go vet and gofmt
lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi

## bench: Go benchmarks, then novumock vs Prism vs bare echo under the same load
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./mockserver/
	./bench/run.sh

## bench-sockets: 1 000 live sockets on one fake: trigger -> notification_received latency and memory per socket
bench-sockets: build
	$(GO) build -o bin/benchtool ./bench/benchtool
	@out=$$(mktemp); $(BIN) serve --quiet --addr 127.0.0.1:0 > $$out 2>&1 & pid=$$!; url=; \
		for i in $$(seq 100); do url=$$(sed -n 's/^novumock listening on //p' $$out); [ -n "$$url" ] && break; sleep 0.1; done; \
		bin/benchtool sockets -url "$$url" -n 1000 -triggers 500 -pid $$pid; rc=$$?; \
		kill $$pid; rm -f $$out; exit $$rc

## fuzz: each fuzz target for a bounded time (FUZZTIME each, default 60s); seeds in each package's testdata/fuzz
FUZZTIME ?= 60s
FUZZ_TARGETS := ./mockserver:FuzzRequestBody ./mockserver:FuzzQueryString ./mockserver:FuzzHeaders ./internal/expressreq:FuzzDecodeJSON \
	./internal/jsvalue:FuzzCompare ./internal/expressreq:FuzzParseBody ./internal/handlebars:FuzzRender \
	./internal/socketio:FuzzDecodePacket ./internal/subscribertoken:FuzzVerify
fuzz:
	@for pt in $(FUZZ_TARGETS); do \
		p=$${pt%%:*}; t=$${pt#*:}; \
		echo "== $$p $$t ($(FUZZTIME))"; \
		$(GO) test $$p -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) || exit 1; \
	done

## image: the container image (FROM scratch: static binary, CA certificates, numeric non-root user), built with podman (or CONTAINER=docker)
CONTAINER ?= podman
IMAGE     ?= novumock:latest
IMAGE_CTX := bin/image
CA_CERTS  ?= /etc/ssl/certs/ca-certificates.crt
image:
	rm -rf $(IMAGE_CTX) && mkdir -p $(IMAGE_CTX)
	GOOS=linux $(RELEASE_BUILD) -o $(IMAGE_CTX)/novumock ./cmd/novumock
	cp $(CA_CERTS) $(IMAGE_CTX)/ca-certificates.crt
	$(CONTAINER) build $(if $(filter podman,$(notdir $(CONTAINER))),--format docker) -f Dockerfile -t $(IMAGE) $(IMAGE_CTX)

## dist: static binaries for every DIST_TARGETS platform in $(DIST)/, with SHA256SUMS
DIST         ?= dist
DIST_TARGETS ?= linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
dist:
	rm -rf $(DIST) && mkdir -p $(DIST)
	@for t in $(DIST_TARGETS); do \
		os=$${t%/*}; arch=$${t#*/}; ext=; [ "$$os" = windows ] && ext=.exe; \
		echo "== $$os/$$arch"; \
		GOOS=$$os GOARCH=$$arch $(RELEASE_BUILD) -o $(DIST)/novumock-$$os-$$arch$$ext ./cmd/novumock || exit 1; \
	done
	cd $(DIST) && sha256sum novumock-* > SHA256SUMS

clean:
	rm -rf bin dist
