/**
 * The JS/TS front end loads the TypeScript compiler (several MB): it is only
 * loaded the first time a JavaScript or TypeScript file is analysed, so
 * Python-only sessions never pay for it. The bundler builds it as a separate
 * file (scripts/build.mjs) that this `require` finds at run time.
 */
import type { FrontEnd, FrontEndResult } from '../front-end';

type Language = 'javascript' | 'typescript';

let loaded: { TfjsFrontEnd: new (language: Language) => FrontEnd } | null = null;

class LazyTfjsFrontEnd implements FrontEnd {
  private inner: FrontEnd | null = null;

  constructor(private readonly language: Language) {}

  analyze(text: string, fileName?: string): FrontEndResult {
    if (!this.inner) {
      loaded ??= require('./front-end') as typeof loaded;
      this.inner = new loaded!.TfjsFrontEnd(this.language);
    }
    return this.inner.analyze(text, fileName);
  }
}

/** Front ends for `javascript` and `typescript` files (one shared loader). */
export function tfjsFrontEnds(): Record<Language, FrontEnd> {
  return { javascript: new LazyTfjsFrontEnd('javascript'), typescript: new LazyTfjsFrontEnd('typescript') };
}
