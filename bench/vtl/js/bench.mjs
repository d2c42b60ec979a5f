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

function loadCases(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const c = JSON.parse(line);
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
