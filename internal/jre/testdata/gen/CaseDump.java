// CaseDump prints, for every code point that JDK 17 case-maps, "cp upper lower stringUpper
// stringLower" in hexadecimal (Character.toUpperCase/toLowerCase and the one-character
// String.toUpperCase/toLowerCase with Locale.ROOT). Usage:
//   java CaseDump.java | gzip > ../casemap.txt.gz
import java.util.Locale;
public class CaseDump {
    public static void main(String[] a) {
        StringBuilder out = new StringBuilder();
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;
            String s = new String(Character.toChars(cp));
            int u = Character.toUpperCase(cp), l = Character.toLowerCase(cp);
            String us = s.toUpperCase(Locale.ROOT), ls = s.toLowerCase(Locale.ROOT);
            if (u == cp && l == cp && us.equals(s) && ls.equals(s)) continue;
            out.append(Integer.toHexString(cp)).append(' ').append(Integer.toHexString(u)).append(' ').append(Integer.toHexString(l)).append(' ').append(hex(us)).append(' ').append(hex(ls)).append('\n');
        }
        System.out.print(out);
        System.err.println(Locale.getDefault());
    }
    static String hex(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> { if (b.length() > 0) b.append(','); b.append(Integer.toHexString(c)); });
        return b.toString();
    }
}
