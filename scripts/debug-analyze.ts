/** Prints what the analyzer sees in a file: models, layers, compile, fits and findings. */
import * as fs from 'node:fs';
import { Analyzer } from '../src/analyzer';

async function main() {
  const analyzer = await Analyzer.create();
  for (const file of process.argv.slice(2)) {
    const text = fs.readFileSync(file, 'utf8');
    const result = analyzer.analyze(text, { fileName: file });
    console.log(`== ${file} (${result.models.length} models, ${result.syntaxErrors} syntax errors)`);
    for (const m of result.models) {
      console.log(
        `model ${m.name} [${m.kind}] complete=${m.complete} nodes=${m.nodes.map((n) => n.layer.type + (n.conditional ? '?' : '')).join(' > ')}`,
      );
      if (m.compile)
        console.log(
          `  compile: loss=${m.compile.loss?.id}(${m.compile.loss?.form}) opt=${m.compile.optimizer?.id} lr=${m.compile.optimizer?.learningRate} metrics=${m.compile.metrics?.map((x) => x.loggedName).join(',')}`,
        );
      for (const f of m.fits) {
        console.log(
          `  fit: labels=${f.labels ? `${f.labels.encoding}/${f.labels.numClasses}` : null} val=${f.hasValidation} callbacks=${f.callbacks?.map((c) => `${c.type}(${c.monitor})`).join(',')}`,
        );
        if (f.xSource || f.ySource)
          console.log(`    data: x=${JSON.stringify(f.xSource)} y=${JSON.stringify(f.ySource)}`);
      }
    }
    for (const f of result.findings) {
      const p = result.lines.position(f.span.start);
      console.log(`${p.line + 1}:${p.character + 1} ${f.severity} ${f.rule}: ${f.message}`);
      for (const fix of f.fixes)
        console.log(
          `   fix${fix.isPreferred ? '*' : ''}: ${fix.title} ${JSON.stringify(fix.edits.map((e) => [text.slice(e.span.start, e.span.end), e.newText]))}`,
        );
    }
    for (const e of result.internalErrors) console.log('INTERNAL', e);
  }
}
main();
