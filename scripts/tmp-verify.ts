import * as fs from 'node:fs';
import { Analyzer } from '../src/analyzer';
import { startVerification } from '../src/trainer';
const f = process.argv[2];
const t0 = Date.now();
const v = startVerification(
  { source: fs.readFileSync(f, 'utf8'), language: 'python', fileName: f, epochs: Number(process.argv[3] ?? 10) },
  (e) => {
    if (e.type === 'epoch')
      console.log(((Date.now() - t0) / 1000).toFixed(1), 'run', e.run, 'epoch', e.epoch, JSON.stringify(e.logs));
    else if (e.type !== 'batch' && e.type !== 'finished') console.log(JSON.stringify(e));
  },
  { analyzer: Analyzer.create() },
);
v.done.then(
  (r) => console.log(r.summary, r.seconds, JSON.stringify(r.scaled), r.notes),
  (e) => console.log('ERR', e.kind, e.message),
);
