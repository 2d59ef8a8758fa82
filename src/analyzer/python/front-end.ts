import type { Parser } from 'web-tree-sitter';
import type { FrontEnd, FrontEndResult } from '../front-end';
import { ModelBuilder } from '../model-builder';
import { SourceNotAnalysed } from '../not-analysed';
import { PythonDialect } from './dialect';
import { PythonInterpreter } from './interpreter';
import { freshParser, parsePython } from './parser';
import { blankRanges, MAX_INDENT_LEVELS, scanPythonSource } from './source-scan';

export class PythonFrontEnd implements FrontEnd {
  constructor(private parser: Parser) {}

  analyze(text: string): FrontEndResult {
    const scan = scanPythonSource(text);
    if (scan.indentLevels > MAX_INDENT_LEVELS)
      throw new SourceNotAnalysed(
        `nested too deeply: ${scan.indentLevels} levels of indentation (Python itself refuses more than ${MAX_INDENT_LEVELS})`,
      );
    const builder = new ModelBuilder('python');
    const interpreter = new PythonInterpreter(text, builder);
    let errorCount: number;
    try {
      // Same offsets as `text`: the interpreter reads node text from the original.
      const parsed = parsePython(this.parser, blankRanges(text, scan.blankable));
      errorCount = parsed.errorCount;
      interpreter.run(parsed.statements);
    } catch (error) {
      // A fault inside tree-sitter's WASM (a WebAssembly.RuntimeError: out-of-bounds access, abort)
      // leaves that parser unusable: the next file gets a fresh one.
      if (error instanceof Error && error.name === 'RuntimeError') {
        this.parser = freshParser(this.parser);
        throw new SourceNotAnalysed(`the Python parser failed on this file (${error.message})`);
      }
      throw error;
    }
    return {
      models: builder.models,
      dialect: new PythonDialect(text, builder, interpreter.imports, interpreter.bare),
      builder,
      syntaxErrors: errorCount,
    };
  }
}
