/**
 * The flow engine both interpreters run on (Python's and JavaScript's): call
 * frames, the step budget, code that may or may not run, loops, and running
 * the functions nobody calls. Front ends translate their syntax into calls on
 * it; what a branch, a loop or a `try` means for the values after it is decided
 * here, once, for every language.
 *
 * Branches nobody can decide are run one after the other on the same state:
 * each write made while an arm runs is recorded (where, and what was there
 * before), undone after the arm, and once every arm has run each written
 * variable gets the join of what the arms left (see merge.ts). A write that
 * only some paths make therefore leaves the variable unknown, never the value
 * of the last arm run.
 */
import { UNKNOWN, type Value } from '../ir';
import { mergeValues } from './merge';
import { exits, leavesFunction, loopOutcome, type Signal } from './signal';

/** A place values are written to: a scope's variables, an instance's attributes, a dict's entries. */
export type Store<T = Value> = Map<string, T>;

/**
 * Joins what several paths left in one slot of a store (values, or a front
 * end's richer records); `undefined` where a path left the slot empty. Returns
 * undefined to leave the slot empty.
 */
export type Joiner<T> = (values: (T | undefined)[]) => T | undefined;

/** Variables: a path where the variable does not exist makes it unknown. */
function joinValuesOrMissing(values: unknown[]): unknown {
  return mergeValues(values.map((v) => (v === undefined ? UNKNOWN : (v as Value))));
}

export interface Frame<Scope, Fn> {
  scope: Scope;
  /** Values of the `return`s met so far. */
  returns: Value[];
  /** The user function running, null for module code and class bodies. */
  fn: Fn | null;
  /** `this` / `self` where the language has one (JavaScript); UNKNOWN otherwise. */
  self: Value;
}

export interface EngineLimits {
  /** Steps (statements and expressions) before calls and loops stop being followed. */
  budget: number;
  /** Nested user-function calls followed at most. */
  maxCallDepth: number;
  /** Loop iterations run one by one at most; longer loops run once, maybe. */
  maxUnroll: number;
}

/** Something to run once after the module: a function or class nobody called. */
export interface UncalledRun {
  /** Source offset: runs happen in source order. */
  pos: number;
  run(): void;
}

interface Original<T> {
  had: boolean;
  value: T | undefined;
  /** Frame depth of the code that owns the store (0: heap objects that outlive every call). */
  depth: number;
  join: Joiner<T> | null;
}

/** Writes made while one arm runs: per store, per key, what was there before. */
type Recorder = Map<Store<unknown>, Map<string, Original<unknown>>>;

export class FlowEngine<Scope, Fn> {
  readonly frames: Frame<Scope, Fn>[] = [];
  private steps = 0;
  private conditionalDepth = 0;
  private readonly recorders: Recorder[] = [];
  private readonly calledKeys = new Set<object>();
  /**
   * Counts arms that jumped out (break, return, throw) while another path went
   * on: a loop that sees it grow cannot know how many iterations ran.
   */
  private uncertainExits = 0;

  constructor(readonly limits: EngineLimits) {}

  get frame(): Frame<Scope, Fn> {
    return this.frames[this.frames.length - 1];
  }

  /** Depth of the running frame (1: module code). Stores created now belong to it. */
  get depth(): number {
    return this.frames.length;
  }

  /** True while code that may not run at all is running (its layers, compiles and fits are conditional). */
  get conditional(): boolean {
    return this.conditionalDepth > 0;
  }

  tick(): void {
    this.steps++;
  }

  get outOfBudget(): boolean {
    return this.steps > this.limits.budget;
  }

  get stepsTaken(): number {
    return this.steps;
  }

  // ------------------------------------------------------------------ stores

  /**
   * Writes `value` to `store[key]`, recording the old value for every arm that
   * is running. `depth` is the frame depth that owns the store (0 for objects
   * that outlive calls); `join` merges a store's own kind of records.
   */
  write<T>(store: Store<T>, key: string, value: T, depth = 0, join: Joiner<T> | null = null): void {
    for (const recorder of this.recorders) {
      let keys = recorder.get(store as Store<unknown>);
      if (!keys) recorder.set(store as Store<unknown>, (keys = new Map()));
      if (!keys.has(key))
        keys.set(key, { had: store.has(key), value: store.get(key), depth, join: join as Joiner<unknown> | null });
    }
    store.set(key, value);
  }

  // ---------------------------------------------------------------- branches

  /** Runs `body` as code that may or may not run, without merging anything (an operand of `and`, say). */
  underCondition<T>(body: () => T): T {
    this.conditionalDepth++;
    try {
      return body();
    } finally {
      this.conditionalDepth--;
    }
  }

  /**
   * Runs alternatives nobody can choose between, then keeps what the paths
   * that go on agree on. `includeNothing`: running none of them is possible too
   * (an `if` without `else`, a loop body that may run zero times).
   *
   * An arm that returns or throws leaves the function: its writes to the
   * function's own variables are dropped, its writes to outer ones (a global,
   * an attribute) still reach the code after the call.
   */
  runArms(arms: readonly (() => Signal)[], includeNothing: boolean): Signal {
    const outcomes: { values: Map<Store<unknown>, Map<string, unknown>>; signal: Signal }[] = [];
    const touched: Recorder = new Map();
    this.conditionalDepth++;
    try {
      for (const arm of arms) {
        const recorder: Recorder = new Map();
        this.recorders.push(recorder);
        let signal: Signal = 'normal';
        try {
          signal = arm();
        } finally {
          this.recorders.pop();
        }
        const values = new Map<Store<unknown>, Map<string, unknown>>();
        for (const [store, keys] of recorder) {
          const out = new Map<string, unknown>();
          values.set(store, out);
          let seen = touched.get(store);
          if (!seen) touched.set(store, (seen = new Map()));
          for (const [key, original] of keys) {
            out.set(key, store.get(key));
            if (!seen.has(key)) seen.set(key, original);
            // Undo, so the next arm starts from the state before the branch.
            if (original.had) store.set(key, original.value);
            else store.delete(key);
          }
        }
        outcomes.push({ values, signal });
      }
    } finally {
      this.conditionalDepth--;
    }
    const depth = this.depth;
    for (const [store, keys] of touched) {
      for (const [key, original] of keys) {
        const reaching: unknown[] = [];
        for (const o of outcomes) {
          // A path that left the function no longer sees the function's own variables.
          if (leavesFunction(o.signal) && original.depth >= depth) continue;
          const written = o.values.get(store);
          if (written?.has(key)) reaching.push(written.get(key));
          else if (original.had) reaching.push(original.value);
          else reaching.push(undefined);
        }
        if (includeNothing) reaching.push(original.had ? original.value : undefined);
        if (reaching.length === 0) continue;
        const joined = (original.join ?? joinValuesOrMissing)(reaching);
        // Outer arms recorded this slot already, when this branch first wrote it.
        if (joined === undefined) store.delete(key);
        else this.write(store, key, joined, original.depth, original.join);
      }
    }
    const signals = outcomes.map((o) => o.signal);
    if (!includeNothing && signals.length > 0 && signals.every((s) => s === signals[0])) return signals[0];
    if (signals.some(exits)) this.uncertainExits++;
    return 'normal';
  }

  /** Code that may or may not run once: `runArms([body], true)`. */
  maybe(body: () => Signal): Signal {
    return this.runArms([body], true);
  }

  // ------------------------------------------------------------------- loops

  /**
   * A loop with a condition (`while`, C-style `for`): iterations run one by one
   * while the condition is known, up to the unroll limit. An unknown condition
   * makes the rest of the loop code that may run (once, maybe); so does a
   * `break` or `return` that only some path takes.
   */
  loop(condition: () => boolean | null, body: () => Signal, step: () => void, label: string | null): Signal {
    for (let i = 0; i < this.limits.maxUnroll && !this.outOfBudget; i++) {
      const c = condition();
      if (c === false) return 'normal';
      if (c === null) return this.maybeIteration(body, label);
      const before = this.uncertainExits;
      const outcome = loopOutcome(body(), label);
      if (outcome === 'stop') return 'normal';
      if (outcome !== 'next') return outcome;
      step();
      if (this.uncertainExits !== before) {
        // Whether the next iteration happens depends on that exit.
        this.maybe(() => (condition() === false ? 'normal' : this.iterationSignal(body(), label)));
        return 'normal';
      }
    }
    return 'normal';
  }

  /**
   * A loop over items (`for x in xs`, `for (const x of xs)`). Known items are
   * run one by one; unknown (or too many) items run the body once, maybe, with
   * `bind(UNKNOWN)`. After a path-dependent exit, every later item may or may
   * not be reached.
   */
  forEach(
    items: readonly Value[] | null,
    bind: (item: Value) => void,
    body: () => Signal,
    label: string | null,
  ): Signal {
    if (!items || items.length > this.limits.maxUnroll) {
      return this.maybeIteration(() => {
        bind(UNKNOWN);
        return body();
      }, label);
    }
    let uncertain = false;
    for (const item of items) {
      if (this.outOfBudget) break;
      if (uncertain) {
        this.maybe(() => {
          bind(item);
          return this.iterationSignal(body(), label);
        });
        continue;
      }
      const before = this.uncertainExits;
      bind(item);
      const outcome = loopOutcome(body(), label);
      if (outcome === 'stop') return 'normal';
      if (outcome !== 'next') return outcome;
      if (this.uncertainExits !== before) uncertain = true;
    }
    return 'normal';
  }

  private maybeIteration(body: () => Signal, label: string | null): Signal {
    this.maybe(() => this.iterationSignal(body(), label));
    return 'normal';
  }

  /** A body's signal as seen from after the loop: a break of this loop falls through to it. */
  private iterationSignal(signal: Signal, label: string | null): Signal {
    const outcome = loopOutcome(signal, label);
    return outcome === 'next' || outcome === 'stop' ? 'normal' : outcome;
  }

  // ------------------------------------------------------------------- calls

  /** Remembers that the function with this syntax node was called (so it is not run again as uncalled). */
  markCalled(key: object): void {
    this.calledKeys.add(key);
  }

  wasCalled(key: object): boolean {
    return this.calledKeys.has(key);
  }

  /** False when a call to `fn` cannot be followed: too deep, recursive, or out of budget. */
  canCall(fn: Fn): boolean {
    if (this.frames.length > this.limits.maxCallDepth || this.outOfBudget) return false;
    for (const f of this.frames) if (f.fn === fn) return false;
    return true;
  }

  /**
   * Runs a user function's body in a new frame: the join of its returns (and of
   * `fallThrough` when the body can end without one), or UNKNOWN when the call
   * cannot be followed. `key` is the function's syntax node.
   */
  call(
    key: object,
    fn: Fn,
    scope: Scope,
    self: Value,
    fallThrough: Value,
    body: (frame: Frame<Scope, Fn>) => Signal,
  ): Value {
    this.markCalled(key);
    if (!this.canCall(fn)) return UNKNOWN;
    const frame: Frame<Scope, Fn> = { scope, returns: [], fn, self };
    this.frames.push(frame);
    let signal: Signal = 'normal';
    try {
      signal = body(frame);
    } finally {
      this.frames.pop();
    }
    if (!leavesFunction(signal)) frame.returns.push(fallThrough);
    return mergeValues(frame.returns);
  }

  /** Runs `body` in a frame that is not a call (module code, a class body, a default value's scope). */
  inFrame<T>(scope: Scope, fn: Fn | null, self: Value, body: (frame: Frame<Scope, Fn>) => T): T {
    const frame: Frame<Scope, Fn> = { scope, returns: [], fn, self };
    this.frames.push(frame);
    try {
      return body(frame);
    } finally {
      this.frames.pop();
    }
  }

  /** The innermost user function whose code is running, for which `accept` holds. */
  enclosingFunction(accept: (fn: Fn) => boolean = () => true): Fn | null {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i].fn;
      if (f && accept(f)) return f;
    }
    return null;
  }

  /**
   * Functions and classes nobody called in the file (a module of model
   * builders, an exported helper, a click handler) still deserve findings: run
   * each once, with unknown arguments, in source order. Running them may
   * define more (a function defined inside one): a few rounds pick those up.
   */
  runUncalled(collect: () => UncalledRun[], rounds = 4): void {
    for (let round = 0; round < rounds && !this.outOfBudget; round++) {
      const pending = collect();
      if (pending.length === 0) return;
      pending.sort((a, b) => a.pos - b.pos);
      for (const p of pending) p.run();
    }
  }
}
