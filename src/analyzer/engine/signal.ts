/**
 * How a statement ended, for every language: it fell through (`normal`), left
 * the function (`return`, `throw`), or jumped within it (`break`, `continue`,
 * with the label when the jump names one: `break:outer`).
 */
export type Signal = 'normal' | 'return' | 'throw' | 'break' | 'continue' | `break:${string}` | `continue:${string}`;

/** The code after the statement, in the same block, does not run on this path (`continue` skips only to the next iteration). */
export function exits(signal: Signal): boolean {
  return signal !== 'normal' && signal !== 'continue';
}

/**
 * What a loop does with its body's signal: go on to the next iteration, stop
 * the loop (a `break` of this loop), or pass the signal out (a return, a throw,
 * a jump to an outer labelled statement).
 */
export function loopOutcome(signal: Signal, label: string | null): 'next' | 'stop' | Signal {
  if (signal === 'normal' || signal === 'continue') return 'next';
  if (signal === 'break') return 'stop';
  if (label !== null) {
    if (signal === `continue:${label}`) return 'next';
    if (signal === `break:${label}`) return 'stop';
  }
  return signal;
}
