// Preloaded into Roster with `--profile`: totals the time spent in each better-sqlite3 statement
// and writes them, slowest first, to the file named by BENCH_SQL_TIMING when the process exits.
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';

const totals = new Map();
let patched = false;

function patch(statementPrototype) {
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = statementPrototype[method];
    statementPrototype[method] = function timed(...args) {
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const entry = totals.get(this.source) ?? { calls: 0, ms: 0 };
        entry.calls += 1;
        entry.ms += performance.now() - start;
        totals.set(this.source, entry);
      }
    };
  }
}

const prepare = Database.prototype.prepare;
Database.prototype.prepare = function preparedAndTimed(source) {
  const statement = prepare.call(this, source);
  if (!patched) {
    patch(Object.getPrototypeOf(statement));
    patched = true;
  }
  return statement;
};

process.on('exit', () => {
  const rows = [...totals].map(([sql, t]) => ({
    ms: Math.round(t.ms),
    calls: t.calls,
    msPerCall: +(t.ms / t.calls).toFixed(3),
    sql,
  }));
  rows.sort((a, b) => b.ms - a.ms);
  writeFileSync(
    process.env.BENCH_SQL_TIMING ?? 'sql-timing.json',
    JSON.stringify(rows.slice(0, 40), null, 2),
  );
});
