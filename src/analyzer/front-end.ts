import type { Dialect } from './dialect';
import type { ModelIR } from './ir';
import type { ModelBuilder } from './model-builder';

/** What a language front end hands to the rules. */
export interface FrontEndResult {
  models: ModelIR[];
  dialect: Dialect;
  builder: ModelBuilder;
  /** Syntax errors the parser recovered from (the rest of the file is still analysed). */
  syntaxErrors: number;
}

export interface FrontEnd {
  analyze(text: string, fileName?: string): FrontEndResult;
}
