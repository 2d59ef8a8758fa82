import { loadTrainingData } from './src/trainer/data';
import { writeImageFolder, tempDir } from './test/unit/data-fixtures';
import * as fs from 'node:fs';
(async () => {
  const dir = tempDir();
  writeImageFolder(dir, { a: 300, b: 300 }, { width: 128, height: 128, format: 'jpeg' });
  for (const decoder of ['tfjs-node', 'pure-js', 'tfjs-node'] as const) {
    const t = Date.now();
    const d = await loadTrainingData({ path: dir }, { baseDirs: [], sample: 512, inputShape: [128, 128, 3], decoder });
    console.log(decoder, Date.now() - t, 'ms', d.report.seconds);
  }
  fs.rmSync(dir, { recursive: true });
})();
