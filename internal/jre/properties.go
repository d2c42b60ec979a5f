package jre

import (
	"strings"
	"unicode"
)

// The predefined classes of java.util.regex without UNICODE_CHARACTER_CLASS: ASCII only.
var (
	asciiDigit = ranges('0', '9')
	asciiWord  = ranges('a', 'z', 'A', 'Z', '0', '9', '_', '_')
	asciiSpace = ranges('\t', '\r', ' ', ' ')
	horizontal = ranges(' ', ' ', '\t', '\t', 0xA0, 0xA0, 0x1680, 0x1680, 0x180E, 0x180E,
		0x2000, 0x200A, 0x202F, 0x202F, 0x205F, 0x205F, 0x3000, 0x3000)
	vertical = ranges('\n', '\r', 0x85, 0x85, 0x2028, 0x2029)
)

// posixClasses are Java's \p{Lower}, \p{Alpha} and the other POSIX names (US-ASCII only).
var posixClasses = map[string]runeSet{
	"Lower":  ranges('a', 'z'),
	"Upper":  ranges('A', 'Z'),
	"ASCII":  ranges(0, 0x7F),
	"Alpha":  ranges('a', 'z', 'A', 'Z'),
	"Digit":  asciiDigit,
	"Alnum":  ranges('a', 'z', 'A', 'Z', '0', '9'),
	"Punct":  ranges('!', '/', ':', '@', '[', '`', '{', '~'),
	"Graph":  ranges('!', '~'),
	"Print":  ranges(' ', '~'),
	"Blank":  ranges(' ', ' ', '\t', '\t'),
	"Cntrl":  ranges(0, 0x1F, 0x7F, 0x7F),
	"XDigit": ranges('0', '9', 'a', 'f', 'A', 'F'),
	"Space":  asciiSpace,
	"all":    ranges(0, unicode.MaxRune),
	"L1":     ranges(0, 0xFF),
}

// categoryNames are the general categories Java accepts in \p{..}, with their Go tables.
var categoryNames = map[string][]*unicode.RangeTable{
	"LC": {unicode.Lu, unicode.Ll, unicode.Lt},
	"LD": {unicode.L, unicode.Nd},
}

// javaCharacterClasses are Java's \p{javaLowerCase} and friends: the java.lang.Character
// predicates, approximated with the Unicode properties they are defined by.
var javaCharacterClasses = map[string][]*unicode.RangeTable{
	"javaLowerCase":               {unicode.Ll, unicode.Other_Lowercase},
	"javaUpperCase":               {unicode.Lu, unicode.Other_Uppercase},
	"javaTitleCase":               {unicode.Lt},
	"javaDigit":                   {unicode.Nd},
	"javaLetter":                  {unicode.L},
	"javaLetterOrDigit":           {unicode.L, unicode.Nd},
	"javaAlphabetic":              {unicode.L, unicode.Nl, unicode.Other_Alphabetic},
	"javaIdeographic":             {unicode.Ideographic},
	"javaSpaceChar":               {unicode.Z},
	"javaISOControl":              {unicode.Cc},
	"javaDefined":                 {unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.C},
	"javaJavaIdentifierStart":     {unicode.L, unicode.Nl, unicode.Sc, unicode.Pc},
	"javaUnicodeIdentifierStart":  {unicode.L, unicode.Nl},
	"javaUnicodeIdentifierPart":   {unicode.L, unicode.Nl, unicode.Nd, unicode.Mn, unicode.Mc, unicode.Pc},
	"javaJavaIdentifierPart":      {unicode.L, unicode.Nl, unicode.Nd, unicode.Mn, unicode.Mc, unicode.Pc, unicode.Sc},
	"javaIdentifierIgnorable":     {unicode.Cf},
	"javaWhitespace":              {unicode.Zs, unicode.Zl, unicode.Zp},
	"javaCasedLetter":             {unicode.Lu, unicode.Ll, unicode.Lt, unicode.Other_Lowercase, unicode.Other_Uppercase},
	"javaMirrored":                nil,
	"javaUnicodeIdentifierIgnore": nil,
}

// binaryProperties are the Unicode binary properties Java accepts as \p{IsName}, keyed by
// the upper-case name without separators.
var binaryProperties = map[string]func() runeSet{
	"ALPHABETIC":            func() runeSet { return fromTables(unicode.L, unicode.Nl, unicode.Other_Alphabetic) },
	"LETTER":                func() runeSet { return fromTables(unicode.L) },
	"IDEOGRAPHIC":           func() runeSet { return fromTables(unicode.Ideographic) },
	"LOWERCASE":             func() runeSet { return fromTables(unicode.Ll, unicode.Other_Lowercase) },
	"UPPERCASE":             func() runeSet { return fromTables(unicode.Lu, unicode.Other_Uppercase) },
	"TITLECASE":             func() runeSet { return fromTables(unicode.Lt) },
	"WHITESPACE":            func() runeSet { return fromTables(unicode.White_Space) },
	"CONTROL":               func() runeSet { return fromTables(unicode.Cc) },
	"PUNCTUATION":           func() runeSet { return fromTables(unicode.P) },
	"HEXDIGIT":              func() runeSet { return fromTables(unicode.Hex_Digit) },
	"JOINCONTROL":           func() runeSet { return fromTables(unicode.Join_Control) },
	"NONCHARACTERCODEPOINT": func() runeSet { return fromTables(unicode.Noncharacter_Code_Point) },
	"ASSIGNED": func() runeSet {
		return fromTables(unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.C)
	},
	"DIGIT": func() runeSet { return fromTables(unicode.Nd) },
	"ALNUM": func() runeSet { return fromTables(unicode.L, unicode.Nl, unicode.Other_Alphabetic, unicode.Nd) },
	"WORD":  unicodeWord,
}

// unicodeWord is \w under UNICODE_CHARACTER_CLASS.
func unicodeWord() runeSet {
	return fromTables(unicode.L, unicode.Nl, unicode.Other_Alphabetic, unicode.Mn, unicode.Me, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Join_Control)
}

// javaWhitespace is Character.isWhitespace: space separators other than the no-break spaces,
// line and paragraph separators, and the ASCII separators and controls \t..\r, \x1C..\x1F.
func javaWhitespace() runeSet {
	s := fromTables(unicode.Zs, unicode.Zl, unicode.Zp).union(ranges('\t', '\r', 0x1C, 0x1F))
	return s.intersect(ranges(0xA0, 0xA0, 0x2007, 0x2007, 0x202F, 0x202F).complement())
}

// property resolves the name inside \p{name} (or the single letter of \pL) as Java's
// Pattern does: "In" blocks, "Is" binary properties, categories and scripts, key=value forms,
// general categories, POSIX and java.lang.Character names. ok is false for a name Java does
// not know; err is set for one Java knows but this package cannot express.
func property(name string) (set runeSet, ok bool, err error) {
	if key, value, found := strings.Cut(name, "="); found {
		switch key {
		case "sc", "script":
			return script(value)
		case "gc", "general_category":
			return category(value)
		case "blk", "block":
			return nil, true, unsupported("Unicode block \\p{" + name + "}")
		}
		return nil, false, nil
	}
	if block, found := strings.CutPrefix(name, "In"); found && block != "" {
		return nil, true, unsupported("Unicode block \\p{" + name + "}")
	}
	if prop, found := strings.CutPrefix(name, "Is"); found && prop != "" {
		key := strings.ToUpper(strings.NewReplacer("_", "", " ", "", "-", "").Replace(prop))
		if f, ok := binaryProperties[key]; ok {
			return f(), true, nil
		}
		if set, ok, err := category(prop); ok {
			return set, ok, err
		}
		return script(prop)
	}
	if set, ok, err := category(name); ok {
		return set, ok, err
	}
	if set, ok := posixClasses[name]; ok {
		return set, true, nil
	}
	if tables, ok := javaCharacterClasses[name]; ok {
		switch {
		case name == "javaWhitespace":
			return javaWhitespace(), true, nil
		case tables == nil:
			return nil, true, unsupported("\\p{" + name + "}")
		}
		return fromTables(tables...), true, nil
	}
	return nil, false, nil
}

// category resolves a general category name such as L or Lu.
func category(name string) (runeSet, bool, error) {
	if tables, ok := categoryNames[name]; ok {
		return fromTables(tables...), true, nil
	}
	if len(name) <= 2 && name != "" {
		if t, ok := unicode.Categories[name]; ok {
			return fromTables(t), true, nil
		}
		if name == "Cn" {
			return fromTables(unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.C).complement(), true, nil
		}
	}
	return nil, false, nil
}

// script resolves a Unicode script name, ignoring case as Character.UnicodeScript.forName does.
func script(name string) (runeSet, bool, error) {
	for key, t := range unicode.Scripts {
		if strings.EqualFold(key, name) || strings.EqualFold(strings.ReplaceAll(key, "_", " "), name) {
			return fromTables(t), true, nil
		}
	}
	return nil, false, nil
}
