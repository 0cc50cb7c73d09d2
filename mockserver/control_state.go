package mockserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/labstack/echo/v4"

	"github.com/novumock/novumock/internal/atomicfile"
)

// State export and load (store_state.go has the document): GET /_novumock/state answers it,
// PUT loads one, POST /_novumock/state/save writes it to the --state file.
func (s *Server) registerStateRoutes(g *echo.Group) {
	g.GET("/state", func(c echo.Context) error {
		data, err := s.ExportState(c.QueryParam("organizationId"))
		if err != nil {
			return errNotFound("%s", err)
		}
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, data)
	})
	g.PUT("/state", func(c echo.Context) error {
		data, err := io.ReadAll(io.LimitReader(c.Request().Body, maxStateBytes+1))
		if err != nil || len(data) > maxStateBytes {
			return newError(http.StatusRequestEntityTooLarge, "a state document is at most %d MB", maxStateBytes>>20)
		}
		if id := c.QueryParam("organizationId"); id != "" {
			err = s.LoadOrganizationState(id, data)
		} else {
			err = s.LoadState(data)
		}
		switch {
		case errors.Is(err, errNoOrganization):
			return errNotFound("no organization has the id %q", c.QueryParam("organizationId"))
		case err != nil:
			return errBadRequest("%s", err)
		}
		return c.NoContent(http.StatusNoContent)
	})
	g.POST("/state/save", func(c echo.Context) error {
		if s.opts.StateFile == "" {
			return errBadRequest("the fake was started without a state file (serve --state FILE)")
		}
		if err := s.SaveStateFile(s.opts.StateFile); err != nil {
			s.log.Error("save state", "file", s.opts.StateFile, "err", err)
			return newError(http.StatusInternalServerError, "could not write %s: %v", s.opts.StateFile, err)
		}
		return c.JSON(http.StatusOK, map[string]string{"file": s.opts.StateFile})
	})
}

// maxStateBytes bounds a loaded document (a fixture, not a database dump).
const maxStateBytes = 256 << 20

// ExportState is the state document (JSON) of the whole fake, or of one organization.
func (s *Server) ExportState(organizationID string) ([]byte, error) {
	doc, ok := s.store.exportState(organizationID)
	if !ok {
		return nil, fmt.Errorf("no organization has the id %q", organizationID)
	}
	return json.MarshalIndent(doc, "", "  ")
}

// LoadState replaces all state with a state document, as a full reset would (idempotency
// records and rate-limit buckets start afresh). An invalid document changes nothing; the error
// names the bad field.
func (s *Server) LoadState(data []byte) error {
	doc, err := decodeState(data)
	if err != nil {
		return err
	}
	if err := s.store.loadState(doc); err != nil {
		return err
	}
	s.idempotency.reset()
	s.limiter.SetLevel(s.limiter.Level())
	return nil
}

// LoadOrganizationState replaces one organization's content with a state document's only
// organization; the organization keeps its id, keys and application identifiers, so parallel
// test workers can each load the same fixture into their own organization.
func (s *Server) LoadOrganizationState(organizationID string, data []byte) error {
	doc, err := decodeState(data)
	if err != nil {
		return err
	}
	envIDs, err := s.store.loadOrganization(organizationID, doc)
	if err != nil {
		return err
	}
	s.forgetOrganization(organizationID, envIDs)
	return nil
}

// decodeState reads a state document strictly: an unknown field is an error, not a field that
// silently vanishes.
func decodeState(data []byte) (stateDocument, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc stateDocument
	if err := dec.Decode(&doc); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return doc, fmt.Errorf("%s: a JSON %s cannot be a %s", typeErr.Field, typeErr.Value, typeErr.Type)
		}
		return doc, fmt.Errorf("state document: %w", err)
	}
	if dec.More() {
		return doc, errors.New("state document: more than one JSON value")
	}
	return doc, nil
}

// LoadStateFile loads the state document in path.
func (s *Server) LoadStateFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := s.LoadState(data); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// SaveStateFile writes the whole state document to path atomically: a crash leaves the old
// file or the new one, never a part.
func (s *Server) SaveStateFile(path string) error {
	data, err := s.ExportState("")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, append(data, '\n'), 0o600)
}
