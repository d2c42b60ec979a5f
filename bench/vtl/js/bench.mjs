// Measures how many renders per second velocityjs achieves on each template of
// bench/vtl/templates.jsonl, on one thread, so bench/vtl/run.sh can compare it with apigate's
// engine and with Apache Velocity 1.7 on the JVM.
//
// Usage: node bench.mjs [--warmup-ms=N] [--measure-ms=N] [--repeats=N] [--check] templates.jsonl
//
// Each template is parsed once (velocityjs.parse + new Compile); every render starts from a fresh
// shallow copy of the template's variables, as a request would. All templates are warmed up
// first (`warmup-ms` of CPU time each), then each is measured `repeats` times for `measure-ms` of
// CPU time; one JSON line per template
// reports the best and the median rate, in renders per CPU-second of the process, and a SHA-256
// of the output, so run.sh can tell when the engines disagree. With --check the program prints
// each template's output instead.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, Compile } from 'velocityjs';

const ENGINE = 'velocityjs-2.1.7-node';

function parseArgs(argv) {
  const opts = { warmupMs: 500, measureMs: 100, repeats: 5, check: false, file: '' };
  for (const arg of argv) {
    const [key, value] = arg.split('=', 2);
    switch (key) {
      case '--warmup-ms': opts.warmupMs = Number(value); break;
      case '--measure-ms': opts.measureMs = Number(value); break;
      case '--repeats': opts.repeats = Number(value); break;
      case '--check': opts.check = true; break;
      default:
        if (arg.startsWith('--')) throw new Error(`unknown flag ${arg}`);
        opts.file = arg;
    }
  }
  if (!opts.file) throw new Error('usage: node bench.mjs [flags] templates.jsonl');
  return opts;
}

// The API Gateway variables bench/vtl/host describes, as the Go and JVM harnesses give them.

// jsonString writes s as json-smart's ESCAPE4Web does.
function jsonString(s) {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    switch (ch) {
      case '"': out += '\\"'; break;
      case '\\': out += '\\\\'; break;
      case '/': out += '\\/'; break;
      case '\b': out += '\\b'; break;
      case '\f': out += '\\f'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      default:
        if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || (c >= 0x2000 && c <= 0x20ff)) {
          out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
        } else {
          out += ch;
        }
    }
  }
  return out + '"';
}

// toJSON writes v as compact JSON, as json-smart's JSONValue.toJSONString does.
function toJSON(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (Array.isArray(v)) return '[' + v.map(toJSON).join(',') + ']';
  if (typeof v === 'object') return '{' + Object.entries(v).map(([k, x]) => jsonString(k) + ':' + toJSON(x)).join(',') + '}';
  return String(v);
}

// escapeJavaScript is commons-lang 2.6's StringEscapeUtils.escapeJavaScript.
function escapeJavaScript(s) {
  if (s === null || s === undefined) return null;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const hex = c.toString(16).toUpperCase();
    if (c > 0xfff) out += '\\u' + hex;
    else if (c > 0xff) out += '\\u0' + hex;
    else if (c > 0x7f) out += '\\u00' + hex;
    else if (c < 32) {
      switch (c) {
        case 8: out += '\\b'; break;
        case 10: out += '\\n'; break;
        case 9: out += '\\t'; break;
        case 12: out += '\\f'; break;
        case 13: out += '\\r'; break;
        default: out += (c > 0xf ? '\\u00' : '\\u000') + hex;
      }
    } else {
      switch (s[i]) {
        case "'": out += "\\'"; break;
        case '"': out += '\\"'; break;
        case '\\': out += '\\\\'; break;
        case '/': out += '\\/'; break;
        default: out += s[i];
      }
    }
  }
  return out;
}

// urlEncode is java.net.URLEncoder.encode(s, "UTF-8").
function urlEncode(s) {
  if (s === null || s === undefined) return null;
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(b);
    if (/[A-Za-z0-9.\-*_]/.test(ch)) out += ch;
    else if (b === 0x20) out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function hostVars(vars) {
  const body = vars.body;
  const params = vars.params;
  const at = (path) => {
    if (!path.startsWith('$')) return null;
    let v = body;
    for (const name of path.slice(1).split('.')) {
      if (name === '') continue;
      v = v !== null && typeof v === 'object' && !Array.isArray(v) && name in v ? v[name] : null;
    }
    return v;
  };
  const input = {
    body: toJSON(body),
    path: (p) => at(p),
    json: (p) => toJSON(at(p)),
    params: (name) => {
      if (name === undefined) return params;
      for (const where of ['path', 'querystring', 'header']) {
        const m = params && params[where];
        if (m && Object.prototype.hasOwnProperty.call(m, name)) return m[name];
      }
      return '';
    },
    toString: () => '{}',
  };
  const util = {
    escapeJavaScript,
    urlEncode,
    base64Encode: (s) => (s === null || s === undefined ? null : Buffer.from(s, 'utf8').toString('base64')),
    toString: () => '{}',
  };
  return { ...vars, input, util };
}

function loadCases(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const c = JSON.parse(line);
      c.vars = hostVars(c.vars || {});
      const compiled = new Compile(parse(c.template), { escape: false });
      return { name: c.name, vars: c.vars, render: () => compiled.render({ ...c.vars }) };
    });
}

// cpuSeconds returns the CPU time the process has used (user and system, all threads).
function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

// runFor renders repeatedly until the process has used about ms milliseconds of CPU time,
// reading that clock every `batch` renders, and returns the rate in renders per CPU-second.
// Counting CPU time rather than wall-clock time keeps other processes that share the machine from
// distorting the figure.
function runFor(render, ms, batch) {
  const start = cpuSeconds();
  const budget = ms / 1000;
  let n = 0;
  let used;
  do {
    for (let i = 0; i < batch; i++) render();
    n += batch;
    used = cpuSeconds() - start;
  } while (used < budget);
  return n / used;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const cases = loadCases(opts.file);
  if (opts.check) {
    for (const c of cases) {
      let line;
      try {
        line = { engine: ENGINE, name: c.name, output: c.render() };
      } catch (e) {
        line = { engine: ENGINE, name: c.name, error: String(e) };
      }
      console.log(JSON.stringify(line));
    }
    return;
  }
  for (const c of cases) {
    const rate = runFor(c.render, opts.warmupMs, 1);
    c.batch = Math.max(1, Math.floor(rate / 1000)); // about one clock read per millisecond
  }
  for (const c of cases) {
    const rates = [];
    for (let r = 0; r < opts.repeats; r++) rates.push(runFor(c.render, opts.measureMs, c.batch));
    const out = c.render();
    console.log(JSON.stringify({
      engine: ENGINE,
      name: c.name,
      renders_per_sec: Math.round(Math.max(...rates)),
      median_renders_per_sec: Math.round(median(rates)),
      output_bytes: Buffer.byteLength(out),
      output_sha256: createHash('sha256').update(out).digest('hex'),
    }));
  }
}

main();
