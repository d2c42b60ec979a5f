// Package jre reproduces the parts of the Java 17 runtime that Velocity templates reach
// through method calls and printing: java.lang.String's methods (with UTF-16 indices),
// Double.toString, and java.util.regex as String.matches, replaceAll, replaceFirst and split use
// it. The VTL evaluator in mapping/vtl calls it so that a template renders byte for byte what
// Apache Velocity 1.7 on JDK 17 renders, including the Java exceptions (an *Exception with
// JDK 17's class name and message) that methods throw.
//
// # Strings
//
// Go strings are UTF-8, Java strings UTF-16. Lengths and indices here are Java's: a
// supplementary character (most emoji) counts as two. ASCII strings take a fast path that does
// not allocate. An unpaired surrogate, which Java strings can hold, is represented by its
// 3-byte generalized UTF-8 (WTF-8) encoding; invalid UTF-8 bytes count as one code unit each
// and are kept unchanged. AppendUTF8 writes a string as Java's UTF-8 encoder would (rejoined
// surrogate pairs, '?' for an unpaired surrogate): rendered output should go through it. Case
// mapping follows JDK 17 (Unicode 13) for the root locale.
//
// # Regular expressions
//
// Patterns use java.util.regex syntax and are run by github.com/dlclark/regexp2 (a .NET-style
// backtracking engine) after translation. The translation gives Java's meaning to: . ^ $ \Z
// and their UNIX_LINES, MULTILINE and DOTALL variants (Java's line terminators, no match
// between \r and \n, no multiline ^ at the end of input); ASCII \w \d \s (Unicode under (?U));
// \b on Unicode letters and digits; \h \v \R;
// \Q..\E; possessive quantifiers (as atomic groups); octal, \x{..}, \u and \c escapes
// (including surrogate-pair \u escapes); character classes with nested unions, && intersections
// and whole-class negation (Java 9+); POSIX, java.lang.Character, category, script and binary
// property names in \p{..}; named groups (numbered in Java's order); inline flags i d m s u x U;
// Java's syntax errors (PatternSyntaxException descriptions) and Java's replacement string
// syntax and errors. Every search is bounded by MatchTimeout and every operation by
// OperationTimeout.
//
// Deliberate deviations from Java, each rare in templates:
//
//   - Java's matcher works on UTF-16 code units and can match between the two surrogates of a
//     supplementary character ("a😀b".split("") gives [a, \uD83D, \uDE00, b]). This package
//     tries those positions where Java does (after an empty match, and, for patterns Java
//     searches unit by unit, after failing at the character), within a bounded amount of work
//     per operation (a few thousand tries on a short string, a few on a megabyte); later ones
//     are skipped.
//   - Unicode blocks (\p{InGreek}, \p{block=..}), \p{javaMirrored}, \N{name} and \b{g} are
//     rejected with a PatternSyntaxException matching errors.Is(err, ErrUnsupported).
//   - \X matches a character followed by its combining marks (or \r\n), not a full extended
//     grapheme cluster.
//   - java.lang.Character classes (\p{javaLowerCase}, ...) and \p{Is..} properties use Go's
//     Unicode tables, which are newer than JDK 17's Unicode 13: characters assigned since then
//     may match. CANON_EQ (?c) is accepted and ignored. Backreferences under (?i) compare with
//     Unicode case folding even without (?u). \b counts connector punctuation other than '_'
//     as word characters, Java does not.
//   - Look-behinds follow Java's length analysis: rejected without an obvious maximum length,
//     never holding when Java's computed window of start positions is empty (as after two
//     unbounded repetitions, whose lengths overflow), and otherwise matched exactly. Java matches
//     a look-behind forwards and requires it to end where it started; one containing a
//     possessive quantifier or an atomic group can therefore fail in Java where it holds here.
//   - A pattern whose translation exceeds 1 MiB (thousands of \p{L}-sized classes) is refused
//     with an ErrUnsupported PatternSyntaxException.
//   - Java has no match time limit; a pattern exceeding MatchTimeout or OperationTimeout fails
//     with ErrTimeout.
//   - The final-sigma rule of ToLower finds word boundaries with a simple rule (letters, marks
//     and digits joined by mid-word punctuation) instead of Java's BreakIterator.
package jre
