// Measures how many renders per second Apache Velocity 1.7 achieves on the JVM for each template
// of bench/vtl/templates.jsonl, on one thread after warm-up, so bench/vtl/run.sh can compare it
// with apigate's engine and with velocityjs.
//
// Usage: java -cp <jars>:<classes> Bench [--warmup-ms=N] [--measure-ms=N] [--repeats=N] [--check]
//        templates.jsonl
//
// Velocity is set up as the oracle in shared/tools/velocity-oracle/Render.java is: a reference
// that resolves to nothing renders as the empty string, as in API Gateway. Each template is parsed
// once; every render builds a fresh VelocityContext holding the template's variables (parsed by
// Jackson into Integer/Long/Double/String/Boolean/LinkedHashMap/ArrayList) and writes into a
// reused StringWriter. All templates are warmed up first (`warmup-ms` of CPU time each), then
// each is measured `repeats` times for `measure-ms` of CPU time; one JSON line per template
// reports the best and the median rate, in renders per CPU-second of the process, and a SHA-256
// of the output, so run.sh can tell when the engines disagree. With --check the program prints each template's output instead.
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.Velocity;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.runtime.RuntimeServices;
import org.apache.velocity.runtime.RuntimeSingleton;
import org.apache.velocity.runtime.parser.node.SimpleNode;

public class Bench {
  static final String ENGINE = "velocity-1.7-jvm";

  /** One template of the set, parsed once, with what each render needs. */
  static final class Case {
    final String name;
    final Template template;
    final Map<String, Object> vars;
    final EventCartridge events;
    final StringWriter out = new StringWriter();
    long batch = 1;

    Case(String name, Template template, Map<String, Object> vars, EventCartridge events) {
      this.name = name;
      this.template = template;
      this.vars = vars;
      this.events = events;
    }

    /** Renders once into the reused writer and returns the number of characters written. */
    int render() throws Exception {
      out.getBuffer().setLength(0);
      VelocityContext ctx = new VelocityContext();
      for (Map.Entry<String, Object> e : vars.entrySet()) ctx.put(e.getKey(), e.getValue());
      events.attachToContext(ctx);
      template.merge(ctx, out);
      return out.getBuffer().length();
    }
  }

  public static void main(String[] args) throws Exception {
    long warmupMs = 500, measureMs = 100;
    int repeats = 5;
    boolean check = false;
    String file = null;
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      switch (kv[0]) {
        case "--warmup-ms": warmupMs = Long.parseLong(kv[1]); break;
        case "--measure-ms": measureMs = Long.parseLong(kv[1]); break;
        case "--repeats": repeats = Integer.parseInt(kv[1]); break;
        case "--check": check = true; break;
        default:
          if (arg.startsWith("--")) throw new IllegalArgumentException("unknown flag " + arg);
          file = arg;
      }
    }
    if (file == null) throw new IllegalArgumentException("usage: Bench [flags] templates.jsonl");

    Velocity.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
    Velocity.setProperty("velocimacro.permissions.allow.inline.to.replace.global", "true");
    Velocity.init();
    RuntimeServices runtime = RuntimeSingleton.getRuntimeServices();
    EventCartridge events = new EventCartridge();
    events.addEventHandler((ReferenceInsertionEventHandler) (ref, value) -> value == null ? "" : value);

    ObjectMapper json = new ObjectMapper();
    List<Case> cases = new ArrayList<>();
    for (String line : Files.readAllLines(Paths.get(file), StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      Map<?, ?> c = json.readValue(line, Map.class);
      String name = (String) c.get("name");
      SimpleNode tree = runtime.parse(new StringReader((String) c.get("template")), name);
      Template template = new Template();
      template.setRuntimeServices(runtime);
      template.setData(tree);
      template.initDocument();
      Map<String, Object> vars = new LinkedHashMap<>();
      Object v = c.get("vars");
      if (v instanceof Map) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) vars.put(e.getKey().toString(), e.getValue());
      }
      vars.put("input", new Input(vars.get("body"), vars.get("params")));
      vars.put("util", new Util());
      cases.add(new Case(name, template, vars, events));
    }

    if (check) {
      for (Case c : cases) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("engine", ENGINE);
        result.put("name", c.name);
        try {
          c.render();
          result.put("output", c.out.toString());
        } catch (Exception e) {
          result.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        System.out.println(json.writeValueAsString(result));
      }
      return;
    }

    for (Case c : cases) {
      double rate = runFor(c, warmupMs, 1);
      c.batch = Math.max(1, (long) (rate / 1000)); // about one clock read per millisecond
    }
    for (Case c : cases) {
      double[] rates = new double[repeats];
      for (int r = 0; r < repeats; r++) rates[r] = runFor(c, measureMs, c.batch);
      Arrays.sort(rates);
      c.render();
      byte[] out = c.out.toString().getBytes(StandardCharsets.UTF_8);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("engine", ENGINE);
      result.put("name", c.name);
      result.put("renders_per_sec", Math.round(rates[repeats - 1]));
      result.put("median_renders_per_sec", Math.round(rates[repeats / 2]));
      result.put("output_bytes", out.length);
      result.put("output_sha256", hex(MessageDigest.getInstance("SHA-256").digest(out)));
      System.out.println(json.writeValueAsString(result));
    }
  }

  /**
   * $input, as bench/vtl/host describes it: path and json read the parsed body at "$" or
   * "$.a.b", body is its compact JSON, params() the params variable and params(name) a lookup in
   * its path, querystring and header maps.
   */
  public static final class Input {
    private final Object body, params;
    private final String text;

    Input(Object body, Object params) {
      this.body = body;
      this.params = params;
      this.text = Json.write(new StringBuilder(), body).toString();
    }

    public Object path(String path) { return at(path); }

    public String json(String path) { return Json.write(new StringBuilder(), at(path)).toString(); }

    public String getBody() { return text; }

    public Object params() { return params; }

    public Object params(String name) {
      for (String where : new String[] {"path", "querystring", "header"}) {
        Object m = params instanceof Map ? ((Map<?, ?>) params).get(where) : null;
        if (m instanceof Map && ((Map<?, ?>) m).containsKey(name)) return ((Map<?, ?>) m).get(name);
      }
      return "";
    }

    private Object at(String path) {
      if (!path.startsWith("$")) return null;
      Object v = body;
      for (String name : path.substring(1).split("\\.")) {
        if (name.isEmpty()) continue;
        v = v instanceof Map ? ((Map<?, ?>) v).get(name) : null;
      }
      return v;
    }

    @Override
    public String toString() { return "{}"; }
  }

  /** $util, as bench/vtl/host describes it. */
  public static final class Util {
    public String escapeJavaScript(String s) { return org.apache.commons.lang.StringEscapeUtils.escapeJavaScript(s); }

    public String urlEncode(String s) throws java.io.UnsupportedEncodingException {
      return s == null ? null : java.net.URLEncoder.encode(s, "UTF-8");
    }

    public String base64Encode(String s) {
      return s == null ? null : java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() { return "{}"; }
  }

  /** Compact JSON as json-smart's JSONValue.toJSONString writes it (ESCAPE4Web). */
  static final class Json {
    static StringBuilder write(StringBuilder b, Object v) {
      if (v == null) return b.append("null");
      if (v instanceof String) return string(b, (String) v);
      if (v instanceof Double) {
        double d = (Double) v;
        return Double.isNaN(d) || Double.isInfinite(d) ? b.append("null") : b.append(d);
      }
      if (v instanceof Map) {
        b.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          if (!first) b.append(',');
          first = false;
          string(b, String.valueOf(e.getKey())).append(':');
          write(b, e.getValue());
        }
        return b.append('}');
      }
      if (v instanceof List) {
        b.append('[');
        boolean first = true;
        for (Object e : (List<?>) v) {
          if (!first) b.append(',');
          first = false;
          write(b, e);
        }
        return b.append(']');
      }
      return b.append(v);
    }

    static StringBuilder string(StringBuilder b, String s) {
      b.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"': b.append("\\\""); break;
          case '\\': b.append("\\\\"); break;
          case '/': b.append("\\/"); break;
          case '\b': b.append("\\b"); break;
          case '\f': b.append("\\f"); break;
          case '\n': b.append("\\n"); break;
          case '\r': b.append("\\r"); break;
          case '\t': b.append("\\t"); break;
          default:
            if (c <= 0x1F || c >= 0x7F && c <= 0x9F || c >= 0x2000 && c <= 0x20FF) {
              b.append(String.format("\\u%04X", (int) c));
            } else {
              b.append(c);
            }
        }
      }
      return b.append('"');
    }
  }

  static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * Returns the CPU time, in nanoseconds, all threads of the process have used, so the JIT
   * compiler and the garbage collector count. On Linux it sums the schedulers' nanosecond
   * accounting in /proc/self/task/N/schedstat; elsewhere it falls back to the JVM's figure, which
   * on Linux counts only in clock ticks (10 ms).
   */
  static long processCpuNanos() {
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
      long sum = 0;
      for (Path task : tasks) {
        String stat = new String(Files.readAllBytes(task.resolve("schedstat")), StandardCharsets.US_ASCII);
        sum += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
      }
      return sum;
    } catch (IOException | RuntimeException e) {
      return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }
  }

  /**
   * Renders c repeatedly until the rendering thread has used about ms milliseconds of CPU time,
   * reading that clock every batch renders, and returns the rate in renders per CPU-second of
   * the whole process. Counting CPU time rather than wall-clock time keeps other processes that
   * share the machine from distorting the figure. The output lengths are summed into a value the
   * JIT cannot discard.
   */
  static double runFor(Case c, long ms, long batch) throws Exception {
    long processStart = processCpuNanos();
    long threadStart = THREADS.getCurrentThreadCpuTime();
    long budget = ms * 1_000_000L;
    long n = 0, sink = 0, thread;
    do {
      for (long i = 0; i < batch; i++) sink += c.render();
      n += batch;
      thread = THREADS.getCurrentThreadCpuTime() - threadStart;
    } while (thread < budget);
    long process = processCpuNanos() - processStart;
    if (sink < 0) System.out.print("");
    return n / (Math.max(process, thread) / 1e9);
  }

  static String hex(byte[] b) {
    StringBuilder s = new StringBuilder(b.length * 2);
    for (byte x : b) s.append(String.format("%02x", x));
    return s.toString();
  }
}
