import type { Parser } from 'web-tree-sitter';
import type { FrontEnd, FrontEndResult } from '../front-end';
import { ModelBuilder } from '../model-builder';
import { PythonDialect } from './dialect';
import { PythonInterpreter } from './interpreter';
import { parsePython } from './parser';

export class PythonFrontEnd implements FrontEnd {
  constructor(private readonly parser: Parser) {}

  analyze(text: string): FrontEndResult {
    const { statements, errorCount } = parsePython(this.parser, text);
    const builder = new ModelBuilder('python');
    const interpreter = new PythonInterpreter(text, builder);
    interpreter.run(statements);
    return {
      models: builder.models,
      dialect: new PythonDialect(text, builder, interpreter.imports, interpreter.bare),
      builder,
      syntaxErrors: errorCount,
    };
  }
}
