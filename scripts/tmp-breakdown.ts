import { loadPythonParser, parsePython } from '../src/analyzer/python/parser';
import { Analyzer } from '../src/analyzer';
import { generatePython } from '../bench/generate-python';
(async () => {
  const parser = await loadPythonParser();
  const a = await Analyzer.create();
  const text = generatePython(10000);
  const t = (f: () => void) => {
    const s = process.hrtime.bigint();
    for (let i = 0; i < 10; i++) f();
    return Number(process.hrtime.bigint() - s) / 1e7;
  };
  for (let k = 0; k < 2; k++) {
    console.log('parse', t(() => parser.parse(text)!.delete()).toFixed(1));
    console.log('parse+copy', t(() => parsePython(parser, text)).toFixed(1));
    console.log('full', t(() => a.analyze(text, { language: 'python' })).toFixed(1));
  }
})();
