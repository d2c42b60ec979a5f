// Cases evaluates the String and regex operations listed in ../cases.txt with JDK 17 and
// prints each line followed by a tab, "=>", a tab and the result. Usage (from testdata):
//   java gen/Cases.java < cases.txt > cases.golden
// Fields are tab separated and escaped: \t \n \r \\ and \\u followed by four hex digits (a UTF-16 code unit); a
// backslash before any other character is itself. Results escape every code unit outside
// printable ASCII as \\u followed by four hex digits. Results: "v:" value, "n:" number, "a<count>:" tab separated array,
// "e:" Class: message (for PatternSyntaxException the description only).
import java.io.*;
import java.util.*;
import java.util.regex.*;

public class Cases {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isEmpty() || line.startsWith("#")) { out.println(line); continue; }
            String[] f = line.split("\t", -1);
            for (int i = 1; i < f.length; i++) f[i] = unescape(f[i]);
            String result;
            try {
                result = run(f);
            } catch (PatternSyntaxException e) {
                result = "e:" + e.getClass().getName() + ": " + esc(e.getDescription());
            } catch (RuntimeException e) {
                result = "e:" + e.getClass().getName() + ": " + esc(e.getMessage());
            }
            out.println(line + "\t=>\t" + result);
        }
        out.flush();
    }

    static String run(String[] f) {
        switch (f[0]) {
            case "len": return "n:" + f[1].length();
            case "charAt": return "v:" + esc(String.valueOf(f[1].charAt(Integer.parseInt(f[2]))));
            case "substring": return "v:" + esc(f[1].substring(Integer.parseInt(f[2]), Integer.parseInt(f[3])));
            case "indexOf": return "n:" + f[1].indexOf(f[2], Integer.parseInt(f[3]));
            case "lastIndexOf": return "n:" + f[1].lastIndexOf(f[2], Integer.parseInt(f[3]));
            case "trim": return "v:" + esc(f[1].trim());
            case "lower": return "v:" + esc(f[1].toLowerCase());
            case "upper": return "v:" + esc(f[1].toUpperCase());
            case "eqic": return "v:" + f[1].equalsIgnoreCase(f[2]);
            case "replace": return "v:" + esc(f[1].replace(f[2], f[3]));
            case "hash": return "n:" + f[1].hashCode();
            case "compile": return "v:" + Pattern.compile(f[1]).matcher("").groupCount();
            case "matches": return "v:" + f[2].matches(f[1]);
            case "replaceAll": return "v:" + esc(f[2].replaceAll(f[1], f[3]));
            case "replaceFirst": return "v:" + esc(f[2].replaceFirst(f[1], f[3]));
            case "split": return arr(Pattern.compile(f[1]).split(f[2], Integer.parseInt(f[3])));
            case "ssplit": return arr(f[2].split(f[1], Integer.parseInt(f[3])));
        }
        throw new IllegalStateException("unknown op " + f[0]);
    }

    static String arr(String[] a) {
        StringBuilder b = new StringBuilder("a" + a.length + ":");
        for (int i = 0; i < a.length; i++) { if (i > 0) b.append('\t'); b.append(esc(a[i])); }
        return b.toString();
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) { b.append(c); continue; }
            char d = s.charAt(++i);
            switch (d) {
                case 't': b.append('\t'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case '\\': b.append('\\'); break;
                case 'u': b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; break;
                default: b.append('\\').append(d);
            }
        }
        return b.toString();
    }

    static String esc(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\t': b.append("\\t"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\\': b.append("\\\\"); break;
                default:
                    if (c >= 0x20 && c < 0x7f) b.append(c);
                    else b.append(String.format("\\u%04X", (int) c));
            }
        }
        return b.toString();
    }
}
