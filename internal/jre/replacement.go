package jre

import "strconv"

// replacementPart is a piece of a parsed Java replacement string: a literal, or (group >= 0)
// the text of a capturing group.
type replacementPart struct {
	literal string
	group   int
}

// parseReplacement parses a Matcher.appendReplacement replacement string for p: "\x" is the
// character x, "$n" group n (taking further digits while the number stays a valid group),
// "${name}" a named group. The errors are Java's, with its messages.
func (p *Pattern) parseReplacement(r string) ([]replacementPart, error) {
	var parts []replacementPart
	lit := make([]byte, 0, len(r))
	flush := func() {
		if len(lit) > 0 {
			parts = append(parts, replacementPart{literal: string(lit), group: -1})
			lit = lit[:0]
		}
	}
	for i := 0; i < len(r); {
		switch r[i] {
		case '\\':
			i++
			if i == len(r) {
				return nil, illegalArgument("character to be escaped is missing")
			}
			_, size := decodeUnit(r, i)
			lit = append(lit, r[i:i+size]...)
			i += size
		case '$':
			i++
			if i == len(r) {
				return nil, illegalArgument("Illegal group reference: group index is missing")
			}
			var group int
			if r[i] == '{' {
				i++
				start := i
				for i < len(r) && isASCIIAlnum(r[i]) {
					i++
				}
				name := r[start:i]
				switch {
				case name == "":
					return nil, illegalArgument("named capturing group has 0 length name")
				case i == len(r) || r[i] != '}':
					return nil, illegalArgument("named capturing group is missing trailing '}'")
				case name[0] >= '0' && name[0] <= '9':
					return nil, illegalArgument("capturing group name {" + name + "} starts with digit character")
				}
				n, ok := p.names[name]
				if !ok {
					return nil, illegalArgument("No group with name {" + name + "}")
				}
				group = n
				i++
			} else {
				if r[i] < '0' || r[i] > '9' {
					return nil, illegalArgument("Illegal group reference")
				}
				group = int(r[i] - '0')
				i++
				for i < len(r) && r[i] >= '0' && r[i] <= '9' {
					next := group*10 + int(r[i]-'0')
					if next > p.groups {
						break
					}
					group = next
					i++
				}
				if group > p.groups {
					return nil, &Exception{Class: ClassIndexOutOfBounds, Message: "No group " + strconv.Itoa(group)}
				}
			}
			flush()
			parts = append(parts, replacementPart{group: group})
		default:
			lit = append(lit, r[i])
			i++
		}
	}
	flush()
	return parts, nil
}

func illegalArgument(msg string) error {
	return &Exception{Class: ClassIllegalArgument, Message: msg}
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
