/** The JavaScript/TypeScript front end: TypeScript's parser, the abstract interpreter, tfjs semantics. */
import type { FrontEnd, FrontEndResult } from '../front-end';
import { ModelBuilder } from '../model-builder';
import { TfjsDialect } from './dialect';
import { JsInterpreter } from './interpreter';
import { parseSource } from './parser';

/** Without a tfjs import/require or the global `tf`, no model can be built in a file. */
export function mentionsTfjs(text: string): boolean {
  return text.includes('@tensorflow/') || /\btf\b/.test(text);
}

export class TfjsFrontEnd implements FrontEnd {
  constructor(private readonly language: 'javascript' | 'typescript') {}

  analyze(text: string, fileName?: string): FrontEndResult {
    const builder = new ModelBuilder('javascript');
    // Most JavaScript in a project has nothing to do with tfjs: skip even parsing it.
    if (!mentionsTfjs(text))
      return { models: [], dialect: new TfjsDialect(text, builder, new Map()), builder, syntaxErrors: 0 };
    const { sourceFile, errorCount } = parseSource(text, fileName, this.language);
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
