// DoubleGen prints "<16 hex digit bits> <Double.toString>" lines for edge cases and random
// doubles. Usage: java DoubleGen.java COUNT SEED > ../double_tostring.txt
import java.util.Random;

public class DoubleGen {
    public static void main(String[] args) {
        int count = Integer.parseInt(args[0]);
        Random r = new Random(Long.parseLong(args[1]));
        StringBuilder out = new StringBuilder();
        double[] edges = {0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 2.0E-3, 0.001, 1.0E-3, 1.0E7, 9999999.0,
            1.0E23, 2.0E23, 4.9E-324, Double.MIN_NORMAL, Double.MAX_VALUE, 100.0, 123456789.0,
            1.0E-4, 12345.678, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Math.PI, Math.E, 1.0/3, 2.0/3, 9007199254740993.0, 9.007199254740992E15, 1.0E15, 1.0E16,
            1.0E17, 1.0E18, 1.0E19, 1.0E20, 1.0E21, 1.0E22, 5.0E-324, 1.0E-5, 0.5, 0.25, 1.5};
        for (double d : edges) line(out, d);
        for (int e = -1074; e <= 1023; e++) { line(out, Math.scalb(1.0, e)); }
        for (int e = -325; e <= 308; e++) { line(out, Double.parseDouble("1e" + e)); line(out, Double.parseDouble("3e" + e)); }
        for (long i = 1; i < 2000; i++) { line(out, i / 1000.0); line(out, (double) i * 1234567); }
        for (int i = 0; i < count; i++) {
            double d;
            switch (i % 4) {
                case 0: d = Double.longBitsToDouble(r.nextLong()); break;
                case 1: d = r.nextDouble() * Math.pow(10, r.nextInt(40) - 20); break;
                case 2: d = (double) r.nextInt(100000000) / Math.pow(10, r.nextInt(12)); break;
                default: d = (double) (r.nextLong() >> r.nextInt(64)); break;
            }
            line(out, d);
            if (out.length() > 1 << 20) { System.out.print(out); out.setLength(0); }
        }
        System.out.print(out);
    }

    static void line(StringBuilder out, double d) {
        String h = Long.toHexString(Double.doubleToRawLongBits(d));
        for (int i = h.length(); i < 16; i++) out.append('0');
        out.append(h).append(' ').append(Double.toString(d)).append('\n');
    }
}
