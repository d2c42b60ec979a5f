package mapping

import (
	"github.com/apigate/apigate"

	"strings"

	"github.com/apigate/apigate/mapping/vtl"
)

// Request is what one render of a mapping template sees. For an integration request template it
// is the method request; for an integration response template Body is the integration response
// body, while Params, Context and StageVariables still describe the method request (as on AWS).
type Request struct {
	// Body is the payload $input reads. An empty body reads as {} ($input.body prints {}), as
	// on AWS. Bytes that are not UTF-8 are read as Java would decode them (U+FFFD).
	Body []byte
	// Params are the method request parameters behind $input.params().
	Params Params
	// Context is the data behind $context.
	Context apigate.Context
	// StageVariables are the stage's variables ($stageVariables).
	StageVariables map[string]string
	// Vars are extra variables visible to the template by name, after the built-in ones
	// (input, util, context and stageVariables cannot be shadowed).
	Vars vtl.Vars
	// Overrides receives the template's writes to $context.requestOverride and
	// $context.responseOverride and supplies earlier ones. When nil the template still sees
	// empty override maps, and its writes are dropped after the render.
	Overrides *Overrides
}

// Params are the method request parameters. Query string and header values are lists in the
// order received; templates see the last one, as API Gateway's single-value view does.
type Params struct {
	Path        map[string]string   // path parameters, not URL-decoded
	QueryString map[string][]string // query string parameters, URL-decoded (url.Values fits)
	Header      map[string][]string // headers (http.Header fits)

	// hide skips the headers API Gateway withholds from templates when Header is read (set by
	// NewParams, so a request's header map needs no filtered copy).
	hide bool
}

// lookup returns $input.params(name): the path parameter, else the query string parameter, else
// the header of that name, else "". Header names match exactly first and then regardless of
// case, since HTTP header names are case-insensitive and Go canonicalizes them.
func (p *Params) lookup(name string) string {
	if v, ok := p.Path[name]; ok {
		return v
	}
	if v, ok := p.QueryString[name]; ok && len(v) > 0 {
		return v[len(v)-1]
	}
	if p.hide && isHiddenHeader(name) {
		return ""
	}
	if v, ok := p.Header[name]; ok && len(v) > 0 {
		return v[len(v)-1]
	}
	for k, v := range p.Header {
		if len(v) > 0 && strings.EqualFold(k, name) {
			return v[len(v)-1]
		}
	}
	return ""
}

// paramsValue builds $input.params(): a map with the keys path, querystring and header, each a
// map from name to (last) value.
func (p *Params) paramsValue() vtl.Value {
	m := vtl.NewMap(3)
	m.PutString("path", vtl.MapValue(mapOfStrings(p.Path, false)))
	m.PutString("querystring", vtl.MapValue(mapOfLastValues(p.QueryString, false)))
	m.PutString("header", vtl.MapValue(mapOfLastValues(p.Header, p.hide)))
	return vtl.MapValue(m)
}

// mapOfLastValues builds a Java-style map from each name to its last value, in HashMap order,
// leaving out the withheld headers when hide is set.
func mapOfLastValues(src map[string][]string, hide bool) *vtl.Map {
	m := vtl.NewMap(len(src))
	if len(src) == 0 {
		return m
	}
	entries := make([]entry, 0, len(src))
	for k, v := range src {
		if len(v) > 0 && !(hide && isHiddenHeader(k)) {
			entries = append(entries, entry{k, vtl.StringValue(v[len(v)-1])})
		}
	}
	sortByKey(entries)
	putHashOrdered(m, entries)
	return m
}

// hiddenHeaders are the request headers API Gateway does not show to mapping templates, even
// when the client sent them (recorded: vtl-ls-params-header-visibility).
var hiddenHeaders = [...]string{
	"Connection", "Content-Length", "Content-MD5", "Expect", "Max-Forwards", "Proxy-Authenticate",
	"Server", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "WWW-Authenticate",
}

// NewParams builds Params from a request's path parameters, query string and headers as API
// Gateway presents them to templates: the headers it withholds (Connection, Content-Length,
// Content-MD5, Expect, Max-Forwards, Proxy-Authenticate, Server, TE, Trailer, Transfer-Encoding,
// Upgrade, WWW-Authenticate) are left out. The maps are used, not copied: the withheld headers
// are skipped when the templates and expressions read them.
func NewParams(path map[string]string, query, header map[string][]string) Params {
	return Params{Path: path, QueryString: query, Header: header, hide: true}
}

func isHiddenHeader(name string) bool {
	if name == "" {
		return false
	}
	switch name[0] | 0x20 { // the first letters of hiddenHeaders, in lower case
	case 'c', 'e', 'm', 'p', 's', 't', 'u', 'w':
	default:
		return false
	}
	for _, h := range hiddenHeaders {
		if strings.EqualFold(h, name) {
			return true
		}
	}
	return false
}
