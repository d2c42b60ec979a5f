package methodrequest

import "strings"

// HostOf returns the host of an address, "host:port" or "[host]:port", where net.SplitHostPort
// succeeds, and the address as it is where SplitHostPort fails (a host without a port, say). It
// follows SplitHostPort's checks, without the error SplitHostPort allocates for a failure.
func HostOf(addr string) string {
	i := strings.LastIndexByte(addr, ':')
	if i < 0 {
		return addr
	}
	host, j, k := addr[:i], 0, 0
	if addr[0] == '[' {
		// the ']' must come right before the last ':' (an address without ']' fails too: i > 0)
		end := strings.IndexByte(addr, ']')
		if end+1 != i {
			return addr
		}
		host, j, k = addr[1:end], 1, end+1
	} else if strings.IndexByte(host, ':') >= 0 {
		return addr // too many colons
	}
	if strings.IndexByte(addr[j:], '[') >= 0 || strings.IndexByte(addr[k:], ']') >= 0 {
		return addr
	}
	return host
}
