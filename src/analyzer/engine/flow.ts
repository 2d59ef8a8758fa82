/**
 * The flow engine both interpreters run on (Python's and JavaScript's): call
 * frames, the step budget, code that may or may not run, loops, jumps, and
 * running the functions nobody calls. Front ends translate their syntax into
 * calls on it; what a branch, a loop, a `try` or a `break` means for the values
 * after it is decided here, once, for every language.
 *
 * Branches nobody can decide are run one after the other on the same state:
 * each write made while an arm runs is recorded (where, and what was there
 * before), undone after the arm, and once every arm has run each written slot
 * gets the join of what the arms left (see merge.ts). A write that only some
 * paths make therefore leaves the slot unknown, never the value of the last
 * arm run.
 *
 * A path that jumps away (`break`, `continue`, `return`) in an arm does not
 * reach the code after the branch: its state is kept aside by the statement it
 * jumps to (the loop, the next iteration, the function's end) and joined there
 * with the paths that arrive normally.
 */
import { type TensorNode, UNKNOWN, type Value } from '../ir';
import { mergeValues } from './merge';
import { exits, loopOutcome, type Signal } from './signal';

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

/** A value the analyzer knew (not unknown, not a front end's private record). */
function isKnownValue(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'kind' in v && (v as Value).kind !== 'unknown';
}

export interface Frame<Scope, Fn> {
  scope: Scope;
  /** Values of the `return`s met so far. */
  returns: Value[];
  /**
   * What a generator function hands out: the first value each `yield` (keyed by
   * its syntax node) gave; later rounds of a loop give later items of the same kind.
   */
  yields?: Map<object, Value>;
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

/** Writes made since some point: per store, per key, what was there before. */
type Recorder = Map<Store<unknown>, Map<string, Original<unknown>>>;

/** The state of the slots a recorder saw, at one moment (`ABSENT` for an empty slot). */
type Snapshot = Map<Store<unknown>, Map<string, unknown>>;
const ABSENT = Symbol('absent');

/**
 * Where a jump lands: a loop (`break`), an iteration's end (`continue`), a
 * labelled statement or a `switch` (`break label`, `break`), a function's end
 * (`return`). It records the writes made since it began, and the states of the
 * paths that jumped to it from inside an arm.
 */
interface Target {
  kind: 'loop' | 'iteration' | 'breakable' | 'function';
  label: string | null;
  /** Function targets only care about stores that outlive the call: those below this depth. */
  depth: number;
  recorder: Recorder;
  jumps: Snapshot[];
}

export class FlowEngine<Scope, Fn> {
  readonly frames: Frame<Scope, Fn>[] = [];
  private steps = 0;
  private conditionalDepth = 0;
  /** One recorder per arm running (their writes are undone after the arm). */
  private readonly arms: Recorder[] = [];
  private readonly targets: Target[] = [];
  private readonly calledKeys = new Set<object>();
  /**
   * Counts arms that jumped away (break, return, throw) while another path went
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

  // ------------------------------------------------------------------ stores

  /**
   * Writes `value` to `store[key]`, recording the old value for every arm and
   * jump target that is running. `depth` is the frame depth that owns the store
   * (0 for objects that outlive calls); `join` merges a store's own kind of records.
   */
  write<T>(store: Store<T>, key: string, value: T, depth = 0, join: Joiner<T> | null = null): void {
    // Most writes happen where nothing records (module code, a function's own variables).
    let original: Original<unknown> | null = null;
    for (const recorder of this.arms) original = record(recorder, store as Store<unknown>, key, original, depth, join);
    for (const target of this.targets)
      if (target.kind !== 'function' || depth < target.depth)
        original = record(target.recorder, store as Store<unknown>, key, original, depth, join);
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
   * When every arm ends the same way (all fall through, or all `return`) that
   * is how the branch ends. Otherwise an arm that jumps away hands its state
   * to where it jumps (see Target), an arm that throws is dropped, and the
   * branch falls through with the join of the arms that did.
   */
  runArms(
    arms: readonly (() => Signal)[],
    includeNothing: boolean,
    onJoin?: (before: unknown, joined: unknown) => void,
  ): Signal {
    const outcomes: { values: Map<Store<unknown>, Map<string, unknown>>; signal: Signal }[] = [];
    const touched: Recorder = new Map();
    /** States of arms that jumped away, taken before they are undone; handed over unless every arm jumps alike. */
    const jumps: [Target, Snapshot][] = [];
    this.conditionalDepth++;
    try {
      for (const arm of arms) {
        const recorder: Recorder = new Map();
        this.arms.push(recorder);
        let signal: Signal = 'normal';
        try {
          signal = arm();
        } finally {
          this.arms.pop();
        }
        if (signal !== 'normal') {
          const target = this.findTarget(signal);
          if (target) jumps.push([target, snapshot(target.recorder)]);
        }
        const values = new Map<Store<unknown>, Map<string, unknown>>();
        for (const [store, keys] of recorder) {
          const out = new Map<string, unknown>();
          values.set(store, out);
          let seen = touched.get(store);
          if (!seen) touched.set(store, (seen = new Map()));
          for (const [key, original] of keys) {
            out.set(key, store.has(key) ? store.get(key) : ABSENT);
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
    const signals = outcomes.map((o) => o.signal);
    const common = !includeNothing && signals.length > 0 && signals.every((s) => s === signals[0]) ? signals[0] : null;
    if (common === null) {
      for (const [target, state] of jumps) target.jumps.push(state);
      if (signals.some(exits)) this.uncertainExits++;
    }
    // Every arm ending alike: their join is the state that ending carries. Else the arms that fall through.
    const reaching = common !== null ? outcomes : outcomes.filter((o) => o.signal === 'normal');
    for (const [store, keys] of touched) {
      for (const [key, original] of keys) {
        const values: unknown[] = [];
        for (const o of reaching) {
          const written = o.values.get(store);
          const v = written?.has(key) ? written.get(key) : original.had ? original.value : ABSENT;
          values.push(v === ABSENT ? undefined : v);
        }
        if (includeNothing) values.push(original.had ? original.value : undefined);
        if (values.length === 0) continue;
        const joined = (original.join ?? joinValuesOrMissing)(values);
        onJoin?.(original.had ? original.value : undefined, joined);
        // Outer arms and targets recorded this slot already, when this branch first wrote it.
        if (joined === undefined) store.delete(key);
        else this.write(store, key, joined, original.depth, original.join);
      }
    }
    if (common !== null) return common;
    // No path goes on: what follows is unreachable; pass the first jump on.
    if (!includeNothing && reaching.length === 0) return signals[0];
    return 'normal';
  }

  /** Code that may or may not run once: `runArms([body], true)`. */
  maybe(body: () => Signal): Signal {
    return this.runArms([body], true);
  }

  // ------------------------------------------------------------------- jumps

  private findTarget(signal: Signal): Target | null {
    for (let i = this.targets.length - 1; i >= 0; i--) {
      const t = this.targets[i];
      if (signal === 'return') {
        if (t.kind === 'function') return t;
      } else if (t.kind === 'function') {
        return null; // jumps do not cross function boundaries
      } else if (signal === 'break') {
        if (t.kind === 'loop' || (t.kind === 'breakable' && t.label === null)) return t;
      } else if (signal === 'continue') {
        if (t.kind === 'iteration') return t;
      } else if (signal.startsWith('break:')) {
        if (t.kind !== 'iteration' && t.label === signal.slice(6)) return t;
      } else if (signal.startsWith('continue:')) {
        if (t.kind === 'iteration' && t.label === signal.slice(9)) return t;
      }
    }
    return null;
  }

  /** Runs `body` as a jump target, then joins the state it ends in with the states that jumped to it. */
  private withTarget<T>(kind: Target['kind'], label: string | null, body: () => T): T {
    const target: Target = {
      kind,
      label,
      depth: this.depth + (kind === 'function' ? 1 : 0),
      recorder: new Map(),
      jumps: [],
    };
    this.targets.push(target);
    let result: T;
    try {
      result = body();
    } finally {
      this.targets.pop();
    }
    if (target.jumps.length) this.land(target);
    return result;
  }

  private land(target: Target): void {
    for (const [store, keys] of target.recorder) {
      for (const [key, original] of keys) {
        const values: unknown[] = [store.has(key) ? store.get(key) : undefined];
        for (const jump of target.jumps) {
          const v = jump.get(store)?.get(key);
          const at = v === undefined && !jump.get(store)?.has(key) ? (original.had ? original.value : ABSENT) : v;
          values.push(at === ABSENT ? undefined : at);
        }
        const joined = (original.join ?? joinValuesOrMissing)(values);
        if (joined === undefined) store.delete(key);
        else this.write(store, key, joined, original.depth, original.join);
      }
    }
  }

  /** A statement `break` (or `break label`) can leave: a JavaScript `switch` or labelled block. */
  breakable(label: string | null, body: () => Signal): Signal {
    return this.withTarget('breakable', label, () => {
      const signal = body();
      return signal === 'break' || (label !== null && signal === `break:${label}`) ? 'normal' : signal;
    });
  }

  // ------------------------------------------------------------------- loops

  /**
   * A loop with a condition (`while`, C-style `for`): iterations run one by one
   * while the condition is known, up to the unroll limit. An unknown condition
   * makes the rest of the loop code that may run (once, maybe); so does a
   * `break` or `return` that only some path takes.
   */
  loop(condition: () => boolean | null, body: () => Signal, step: () => void, label: string | null): Signal {
    return this.withTarget('loop', label, () => {
      const iteration = () => this.withTarget('iteration', label, body);
      for (let i = 0; i < this.limits.maxUnroll && !this.outOfBudget; i++) {
        const c = condition();
        if (c === false) return 'normal';
        if (c === null) return this.maybeIteration(iteration, label);
        const before = this.uncertainExits;
        const outcome = loopOutcome(iteration(), label);
        if (outcome === 'stop') return 'normal';
        if (outcome !== 'next') return outcome;
        step();
        if (this.uncertainExits !== before) {
          // Whether the next iteration happens depends on that exit.
          this.maybe(() => (condition() === false ? 'normal' : this.iterationSignal(iteration(), label)));
          return 'normal';
        }
      }
      return 'normal';
    });
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
    return this.withTarget('loop', label, () => {
      const iteration = (item: Value) =>
        this.withTarget('iteration', label, () => {
          bind(item);
          return body();
        });
      if (!items || items.length > this.limits.maxUnroll) return this.maybeIteration(() => iteration(UNKNOWN), label);
      let uncertain = false;
      for (const item of items) {
        if (this.outOfBudget) break;
        if (uncertain) {
          this.maybe(() => this.iterationSignal(iteration(item), label));
          continue;
        }
        const before = this.uncertainExits;
        const outcome = loopOutcome(iteration(item), label);
        if (outcome === 'stop') return 'normal';
        if (outcome !== 'next') return outcome;
        if (this.uncertainExits !== before) uncertain = true;
      }
      return 'normal';
    });
  }

  /**
   * A loop body run once for any number of iterations. A tensor carried
   * through it (`x = block(x)`) then stands for the one before the loop and
   * the one after an iteration (merge.ts): when their shapes agree, every
   * further iteration gives that shape too, unless the body changes something
   * else it builds with (`filters *= 2`). Then the tensors joined here are
   * marked `unsettled`: their shape after an unknown number of iterations is unknown.
   */
  private maybeIteration(body: () => Signal, label: string | null): Signal {
    const tensors: TensorNode[] = [];
    let varies = false;
    this.runArms([() => this.iterationSignal(body(), label)], true, (before, joined) => {
      const value = joined as Value | undefined;
      if (value?.kind === 'tensor') tensors.push(value.node);
      else if (value?.kind === 'unknown' && isKnownValue(before)) varies = true;
    });
    if (varies) for (const node of tensors) if (node.joined) node.unsettled = true;
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
    const signal = this.withTarget('function', null, () => {
      this.frames.push(frame);
      try {
        return body(frame);
      } finally {
        this.frames.pop();
      }
    });
    if (signal !== 'return' && signal !== 'throw') frame.returns.push(fallThrough);
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

/** The current state of every slot a recorder saw. */
function snapshot(recorder: Recorder): Snapshot {
  const out: Snapshot = new Map();
  for (const [store, keys] of recorder) {
    const values = new Map<string, unknown>();
    for (const key of keys.keys()) values.set(key, store.has(key) ? store.get(key) : ABSENT);
    out.set(store, values);
  }
  return out;
}

/** Records the slot's value before its first write under `recorder`; returns the record (shared by all recorders). */
function record<T>(
  recorder: Recorder,
  store: Store<unknown>,
  key: string,
  original: Original<unknown> | null,
  depth: number,
  join: Joiner<T> | null,
): Original<unknown> | null {
  let keys = recorder.get(store);
  if (!keys) recorder.set(store, (keys = new Map()));
  if (keys.has(key)) return original;
  const made = original ?? { had: store.has(key), value: store.get(key), depth, join: join as Joiner<unknown> | null };
  keys.set(key, made);
  return made;
}
