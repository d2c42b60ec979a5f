package gateway

import "strings"

// stageFor picks the stage a raw request path (hr.URL.EscapedPath()) addresses. It returns the
// stage (nil for none), the path after the stage ("" for none) and $context.path. Dot segments
// are resolved first (see resolveDots). Leading slashes before the stage are collapsed, as on
// AWS (//stage/proxy-value is /stage/proxy-value, $context.path included); the slashes after
// the stage are kept for routing, which has rules of its own for them.
func (g *Gateway) stageFor(raw string) (s *servedStage, rest, ctxPath string) {
	path := resolveDots(raw)
	if g.atRoot != nil {
		return g.atRoot, path, "/" + g.atRoot.config.Name + path
	}
	name := strings.TrimLeft(path, "/")
	if len(path)-len(name) > 1 {
		path = path[len(path)-len(name)-1:] // one leading slash
	}
	if i := strings.IndexByte(name, '/'); i >= 0 {
		name, rest = name[:i], name[i:]
	}
	if s = g.stages[name]; s == nil {
		return nil, "", ""
	}
	if rest == "" {
		return s, "", path + "/"
	}
	return s, rest, path
}

// resolveDots removes the dot segments of a raw path ("." and "..": /a/./b is /a/b, /a/b/../c
// is /a/c) as RFC 3986 (5.2.4, remove_dot_segments) resolves a reference, so that no request
// reaches a backend's path outside the integration's URI prefix (/prod/proxy/../../etc/passwd is
// /etc/passwd, which addresses no stage). A ".." above the root stays at the root. Segments of
// the form "..;x" and ".;x" count as dot segments too: Java servers (Tomcat, Jetty) strip the
// ";x" and then resolve them. Encoded dots (%2e%2e) are not dot segments and stay as they are.
// Paths without dot segments, nearly all of them, are returned as they are.
func resolveDots(path string) string {
	if !hasDotSegment(path) {
		return path
	}
	var segs []string // the output's segments; the path starts with "/" when it has one
	abs := strings.HasPrefix(path, "/")
	in := strings.TrimPrefix(path, "/")
	for {
		seg, more := in, false
		if i := strings.IndexByte(in, '/'); i >= 0 {
			seg, in, more = in[:i], in[i+1:], true
		}
		switch dotSegment(seg) {
		case 1:
			if !more {
				segs = append(segs, "") // /a/. is /a/
			}
		case 2:
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
			if !more {
				segs = append(segs, "") // /a/b/.. is /a/
			}
		default:
			segs = append(segs, seg)
		}
		if !more {
			break
		}
	}
	out := strings.Join(segs, "/")
	if abs {
		out = "/" + out
	}
	return out
}

// hasDotSegment reports whether a path has a dot segment (see dotSegment), quickly for the
// usual path without one: it looks at each '.' that begins a segment.
func hasDotSegment(path string) bool {
	for i := 0; ; i++ {
		j := strings.IndexByte(path[i:], '.')
		if j < 0 {
			return false
		}
		i += j
		if (i == 0 || path[i-1] == '/') && dotSegment(segment(path[i:])) > 0 {
			return true
		}
	}
}

// segment returns the first segment of s: the text before the first '/'.
func segment(s string) string {
	if i := strings.IndexByte(s, '/'); i >= 0 {
		return s[:i]
	}
	return s
}

// dotSegment returns 1 for ".", 2 for "..", and the same for either followed by ';' and
// parameters; 0 for any other segment.
func dotSegment(seg string) int {
	if i := strings.IndexByte(seg, ';'); i >= 0 {
		seg = seg[:i]
	}
	switch seg {
	case ".":
		return 1
	case "..":
		return 2
	}
	return 0
}
