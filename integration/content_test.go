package integration

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/apigate/apigate/integration/internal/itest"
	"github.com/apigate/apigate/internal/media"

	"github.com/apigate/apigate"
)

func TestContentMediaType(t *testing.T) {
	for in, want := range map[string]string{
		"":                                  "",
		"application/json":                  "application/json",
		"Application/JSON; charset=utf-8":   "application/json",
		"  text/html ,application/xml;q=.9": "text/html",
		"image/webp,image/*,*/*;q=0.8":      "image/webp",
		"*/*":                               "*/*",
	} {
		if got := media.Type(in); got != want {
			t.Errorf("media.Type(%q) = %q, want %q", in, got, want)
		}
	}
}

var contentPNG = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0xff, 0xfe}

// TestContentRequest covers the request side of content handling against an echoing backend.
func TestContentRequest(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString(contentPNG)
	tests := []struct {
		name        string
		contentType string
		body        []byte
		handling    ContentHandling
		template    string // for the content type, "" for none
		want        []byte
		err         apigate.ResponseType
	}{
		{name: "binary passes as bytes", contentType: "image/png", body: contentPNG, want: contentPNG},
		{name: "binary with CONVERT_TO_BINARY", contentType: "image/png", body: contentPNG, handling: ConvertToBinary, want: contentPNG},
		{name: "binary with CONVERT_TO_TEXT", contentType: "image/png", body: contentPNG, handling: ConvertToText, want: []byte(b64)},
		{name: "a template sees binary as base64", contentType: "image/png", body: contentPNG, template: `{"data":"$input.body"}`, want: []byte(`{"data":"` + b64 + `"}`)},
		{name: "text passes as text", contentType: "text/plain", body: []byte("héllo"), want: []byte("héllo")},
		{name: "text with CONVERT_TO_TEXT", contentType: "text/plain", body: []byte("héllo"), handling: ConvertToText, want: []byte("héllo")},
		{name: "text with CONVERT_TO_BINARY", contentType: "text/plain", body: []byte(b64), handling: ConvertToBinary, want: contentPNG},
		{name: "unpadded base64", contentType: "text/plain", body: []byte("aGk"), handling: ConvertToBinary, want: []byte("hi")},
		{name: "invalid base64", contentType: "text/plain", body: []byte("not base64!"), handling: ConvertToBinary, err: apigate.APIConfigurationError},
		{name: "template output decoded with CONVERT_TO_BINARY", contentType: "application/json", body: []byte(`{"img":"` + b64 + `"}`),
			handling: ConvertToBinary, template: `$input.path('$.img')`, want: contentPNG},
		{name: "template output that is not base64", contentType: "application/json", body: []byte(`{}`),
			handling: ConvertToBinary, template: `{"a":1}`, err: apigate.APIConfigurationError},
	}
	be := itest.NewBackend(t, itest.Echo)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{ContentHandling: tc.handling, Responses: []IntegrationResponse{{StatusCode: 200}}}
			if tc.template != "" {
				opts.RequestTemplates = map[string]string{tc.contentType: tc.template}
			}
			h := HTTP("POST", be.URL, opts)
			r := itest.Request("POST", "/", string(tc.body), "Content-Type", tc.contentType)
			r.BinaryMediaTypes = []string{"image/*"}
			n := be.Count()
			_, err := h.Integrate(context.Background(), r)
			if tc.err != "" {
				if itest.ErrorType(err) != tc.err || be.Count() != n {
					t.Fatalf("got %v, want %s before the backend is called", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := be.Last(t).Body; got != string(tc.want) {
				t.Errorf("backend got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestContentResponse covers the response side: the backend's Content-Type says whether the
// payload is binary, the client's first Accept type whether it wants binary.
func TestContentResponse(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString(contentPNG)
	tests := []struct {
		name     string
		backend  http.HandlerFunc
		accept   string
		handling ContentHandling
		template string // for application/json, "" for none
		want     []byte
		err      apigate.ResponseType
	}{
		{name: "binary to a binary Accept: bytes", backend: itest.Answer(200, string(contentPNG), "Content-Type", "image/png"), accept: "image/png", want: contentPNG},
		{name: "binary to a text Accept: base64", backend: itest.Answer(200, string(contentPNG), "Content-Type", "image/png"), accept: "application/json", want: []byte(b64)},
		{name: "binary to no Accept: base64", backend: itest.Answer(200, string(contentPNG), "Content-Type", "image/png"), want: []byte(b64)},
		{name: "binary, first Accept type counts", backend: itest.Answer(200, string(contentPNG), "Content-Type", "image/png"), accept: "text/html, image/png", want: []byte(b64)},
		{name: "binary with CONVERT_TO_BINARY to a text Accept", backend: itest.Answer(200, string(contentPNG), "Content-Type", "image/png"), accept: "text/plain", handling: ConvertToBinary, want: contentPNG},
		{name: "binary with CONVERT_TO_TEXT to a binary Accept", backend: itest.Answer(200, string(contentPNG), "Content-Type", "image/png"), accept: "image/png", handling: ConvertToText, want: []byte(b64)},
		{name: "text to a text Accept", backend: itest.Answer(200, "plain", "Content-Type", "text/plain"), accept: "text/plain", want: []byte("plain")},
		{name: "text to a binary Accept: decoded", backend: itest.Answer(200, b64, "Content-Type", "text/plain"), accept: "image/png", want: contentPNG},
		{name: "text to a binary Accept that does not decode", backend: itest.Answer(200, "plain!", "Content-Type", "text/plain"), accept: "image/png", err: apigate.APIConfigurationError},
		{name: "text with CONVERT_TO_TEXT to a binary Accept", backend: itest.Answer(200, "plain!", "Content-Type", "text/plain"), accept: "image/png", handling: ConvertToText, want: []byte("plain!")},
		{name: "text with CONVERT_TO_BINARY", backend: itest.Answer(200, b64), accept: "text/plain", handling: ConvertToBinary, want: contentPNG},
		{name: "a template sees binary as base64", backend: itest.Answer(200, string(contentPNG), "Content-Type", "image/png"), accept: "application/json",
			template: `{"png":"$input.body"}`, want: []byte(`{"png":"` + b64 + `"}`)},
		{name: "template output decoded with CONVERT_TO_BINARY", backend: itest.Answer(200, `{"img":"`+b64+`"}`, "Content-Type", "application/json"),
			accept: "application/json", handling: ConvertToBinary, template: `$input.path('$.img')`, want: contentPNG},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			be := itest.NewBackend(t, tc.backend)
			ir := IntegrationResponse{StatusCode: 200, ContentHandling: tc.handling}
			if tc.template != "" {
				ir.ResponseTemplates = map[string]string{"application/json": tc.template}
			}
			h := HTTP("GET", be.URL, Options{Responses: []IntegrationResponse{ir}})
			var hdr []string
			if tc.accept != "" {
				hdr = []string{"Accept", tc.accept}
			}
			r := itest.Request("GET", "/", "", hdr...)
			r.BinaryMediaTypes = []string{"image/png", "application/octet-stream"}
			resp, err := h.Integrate(context.Background(), r)
			if tc.err != "" {
				if status, body := itest.ErrorResponse(t, err); itest.ErrorType(err) != tc.err || status != 500 || body != `{"message":"Internal server error"}` {
					t.Fatalf("got %v, want %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(resp.Body, tc.want) {
				t.Errorf("got %q, want %q", resp.Body, tc.want)
			}
		})
	}
}

// TestContentNoBinaryTypes: without binary media types every payload is text, and only
// CONVERT_TO_BINARY converts.
func TestContentNoBinaryTypes(t *testing.T) {
	be := itest.NewBackend(t, itest.Answer(200, "aGk=", "Content-Type", "image/png"))
	for handling, want := range map[ContentHandling]string{ContentHandlingUnset: "aGk=", ConvertToText: "aGk=", ConvertToBinary: "hi"} {
		h := HTTP("GET", be.URL, Options{Responses: []IntegrationResponse{{StatusCode: 200, ContentHandling: handling}}})
		resp := itest.Integrate(t, h, itest.Request("GET", "/", "", "Accept", "image/png"))
		if string(resp.Body) != want {
			t.Errorf("%v: got %q, want %q", handling, resp.Body, want)
		}
	}
}
