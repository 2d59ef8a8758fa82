/** The JavaScript/TypeScript front end: TypeScript's parser, the abstract interpreter, tfjs semantics. */
import type { FrontEnd, FrontEndResult } from '../front-end';
import { ModelBuilder } from '../model-builder';
import { TfjsDialect } from './dialect';
import { JsInterpreter } from './interpreter';
import { parseSource } from './parser';

export class TfjsFrontEnd implements FrontEnd {
  constructor(private readonly language: 'javascript' | 'typescript') {}

  analyze(text: string, fileName?: string): FrontEndResult {
    const { sourceFile, errorCount } = parseSource(text, fileName, this.language);
    const builder = new ModelBuilder('javascript');
    const interpreter = new JsInterpreter(sourceFile, builder);
    interpreter.run();
    return {
      models: builder.models,
      dialect: new TfjsDialect(text, builder, interpreter.tfBindings()),
      builder,
      syntaxErrors: errorCount,
    };
  }
}
