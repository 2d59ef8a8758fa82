/**
 * Copies a clean tree-sitter tree by reading its nodes straight from the WASM
 * module's memory, in JavaScript.
 *
 * Walking with the cursor costs five or six calls into WASM per node, and each
 * call goes through V8's generic JS-to-WASM wrapper: on model-dense code that
 * walk took a fifth of the whole analysis. Reading the same facts from memory
 * takes none. The layout read here is tree-sitter 0.25's on 32-bit WASM
 * (lib/subtree.h, lib/tree.h and the grammar ABI 15's TSLanguage in
 * tree_sitter/parser.h); web-tree-sitter is pinned to 0.25.x, `open` checks
 * what it can of the layout before reading anything, and a test compares every
 * copy with the public cursor API's. Trees with errors (ERROR and MISSING
 * nodes, repaired parses) always go through the cursor walk.
 */
import type { Language } from 'web-tree-sitter';
import { closeChildren, copiesChildrenOf, KEEPS_TOKENS, type SyntaxNode, syntaxNode } from './syntax-node';

/** The module's memory views (Emscripten replaces them when memory grows: read them afresh). */
export interface WasmHeap {
  HEAPU8: Uint8Array;
  HEAPU16: Uint16Array;
  HEAP32: Int32Array;
}

/** The grammar ABI this layout belongs to. */
const ABI_VERSION = 15;

// TSTree: `Subtree root` (8 bytes: a pointer or inline data), then `const TSLanguage *language`.
const TREE_LANGUAGE = 8;

// TSLanguage (4-byte fields in order; `max_alias_sequence_length` is padded to 4).
const LANGUAGE_ABI_VERSION = 0;
const LANGUAGE_SYMBOL_COUNT = 4;
const LANGUAGE_ALIAS_COUNT = 8;
const LANGUAGE_FIELD_COUNT = 32;
const LANGUAGE_MAX_ALIAS_SEQUENCE_LENGTH = 36;
const LANGUAGE_FIELD_MAP_SLICES = 64;
const LANGUAGE_FIELD_MAP_ENTRIES = 68;
const LANGUAGE_PUBLIC_SYMBOL_MAP = 76;
const LANGUAGE_ALIAS_SEQUENCES = 84;

/** A Subtree is 8 bytes: children arrays are arrays of them, stored right before their parent's heap data. */
const SUBTREE_SIZE = 8;

// SubtreeHeapData: ref_count, padding (Length: bytes, row, column), size (Length), lookahead_bytes,
// error_cost, child_count, symbol (u16), parse_state (u16), flag bits (u16), then for nodes with
// children: visible_child_count, named_child_count, visible_descendant_count, dynamic_precedence,
// repeat_depth (u16), production_id (u16).
const HEAP_PADDING_BYTES = 4;
const HEAP_SIZE_BYTES = 16;
const HEAP_CHILD_COUNT = 36;
const HEAP_SYMBOL = 40;
const HEAP_FLAGS = 44;
const HEAP_VISIBLE_CHILD_COUNT = 48;
const HEAP_PRODUCTION_ID = 66;
const FLAG_VISIBLE = 1 << 0;
const FLAG_EXTRA = 1 << 2;

// SubtreeInlineData (little-endian): byte 0 holds is_inline (bit 0), visible (bit 1), extra (bit 3);
// byte 1 the symbol; byte 6 padding_bytes; byte 7 size_bytes. Inline subtrees are leaves.
const INLINE_BIT = 1;
const INLINE_VISIBLE = 1 << 1;
const INLINE_EXTRA = 1 << 3;
const INLINE_SYMBOL = 1;
const INLINE_PADDING_BYTES = 6;
const INLINE_SIZE_BYTES = 7;

/**
 * The stack of nodes whose children are being read (hidden ones included),
 * kept in parallel arrays rather than an object per frame (one for every node
 * with children). The numbers of frame `d` are at `d * FRAME_INTS`.
 */
const FRAME_INTS = 9;
/** Address of the first child's Subtree. */
const CHILDREN = 0;
const COUNT = 1;
/** The next child to read. */
const INDEX = 2;
/** Byte offset where the next child starts (after its padding, once added). */
const POSITION = 3;
/** The next child's index among the non-extra children: aliases and fields are looked up by it. */
const STRUCTURAL = 4;
/** Address of the node's production's alias sequence, or 0. */
const ALIASES = 5;
/** Field map entries of the node's production: [FIELDS, FIELDS_END). */
const FIELDS = 6;
const FIELDS_END = 7;
/** For a visible node: where its children start on the gathered stack; -1 for hidden nodes. */
const FIRST_GATHERED = 8;

class FrameStack {
  ints = new Int32Array(64 * FRAME_INTS);
  /** The nearest visible node of each frame: it collects the children. */
  readonly owners: SyntaxNode[] = [];
  /** For a hidden node: the field its visible descendants have when their own parent gives them none. */
  readonly inheritedFields: (string | null)[] = [];
  depth = 0;

  /** The offset of a new top frame's numbers in `ints`. */
  push(owner: SyntaxNode, inheritedField: string | null): number {
    if ((this.depth + 1) * FRAME_INTS > this.ints.length) {
      const grown = new Int32Array(this.ints.length * 2);
      grown.set(this.ints);
      this.ints = grown;
    }
    this.owners[this.depth] = owner;
    this.inheritedFields[this.depth] = inheritedField;
    return this.depth++ * FRAME_INTS;
  }
}

export class TreeMemory {
  private u8!: Uint8Array;
  private u16!: Uint16Array;
  private i32!: Int32Array;
  private readonly publicSymbols: number;
  private readonly symbolCount: number;
  private readonly maxAliasSequenceLength: number;
  private readonly aliasSequences: number;
  private readonly fieldCount: number;
  private readonly fieldMapSlices: number;
  private readonly fieldMapEntries: number;
  private readonly gathered: SyntaxNode[] = [];

  private constructor(
    private readonly heap: WasmHeap,
    private readonly root: number,
    language: number,
    private readonly types: readonly string[],
    private readonly fieldNames: readonly (string | null)[],
    private readonly isNamedType: readonly boolean[],
    private readonly source: string,
  ) {
    this.refresh();
    const u32 = (offset: number) => this.i32[(language + offset) >> 2];
    this.symbolCount = u32(LANGUAGE_SYMBOL_COUNT) + u32(LANGUAGE_ALIAS_COUNT);
    this.fieldCount = u32(LANGUAGE_FIELD_COUNT);
    this.maxAliasSequenceLength = this.u16[(language + LANGUAGE_MAX_ALIAS_SEQUENCE_LENGTH) >> 1];
    this.fieldMapSlices = u32(LANGUAGE_FIELD_MAP_SLICES);
    this.fieldMapEntries = u32(LANGUAGE_FIELD_MAP_ENTRIES);
    this.publicSymbols = u32(LANGUAGE_PUBLIC_SYMBOL_MAP);
    this.aliasSequences = u32(LANGUAGE_ALIAS_SEQUENCES);
  }

  /**
   * A reader for the clean tree at address `tree`, or null when the memory does
   * not look like the layout this reads (then use the cursor walk).
   */
  static open(
    heap: WasmHeap,
    tree: number,
    language: Language,
    isNamedType: readonly boolean[],
    source: string,
  ): TreeMemory | null {
    const languageAddress = (language as unknown as Record<number, number>)[0];
    const i32 = heap.HEAP32;
    if (
      typeof languageAddress !== 'number' ||
      i32[(tree + TREE_LANGUAGE) >> 2] !== languageAddress ||
      i32[(languageAddress + LANGUAGE_ABI_VERSION) >> 2] !== ABI_VERSION ||
      i32[(languageAddress + LANGUAGE_SYMBOL_COUNT) >> 2] + i32[(languageAddress + LANGUAGE_ALIAS_COUNT) >> 2] !==
        language.types.length ||
      i32[(languageAddress + LANGUAGE_FIELD_COUNT) >> 2] !== language.fields.length - 1
    )
      return null;
    const memory = new TreeMemory(heap, tree, languageAddress, language.types, language.fields, isNamedType, source);
    // The root must read as the grammar's root node, with its data on the heap.
    if (memory.isInline(tree) || language.types[memory.typeId(memory.symbolOf(tree))] !== 'module') return null;
    return memory;
  }

  /** The root's named children, each copied when the caller reaches it. Throws LayoutMismatch on memory it cannot read. */
  *statements(): Generator<SyntaxNode> {
    const top = syntaxNode('module', 0, 0, true, null);
    const stack = new FrameStack();
    this.pushFrame(stack, this.heapData(this.root), this.paddingOf(this.root), top, null, -1);
    for (;;) {
      this.refresh();
      const statement = this.nextChildOf(top, stack);
      if (!statement) return;
      yield statement;
    }
  }

  /** Reads on until `top` has one more child, whole (null when its children are all read). */
  private nextChildOf(top: SyntaxNode, stack: FrameStack): SyntaxNode | null {
    const { u8, u16, i32, gathered, types, isNamedType } = this;
    for (;;) {
      const depth = stack.depth - 1;
      const f = depth * FRAME_INTS;
      const ints = stack.ints;
      const owner = stack.owners[depth];
      const index = ints[f + INDEX];
      if (index === ints[f + COUNT]) {
        stack.depth--;
        if (stack.depth === 0) return null;
        if (ints[f + FIRST_GATHERED] >= 0) {
          closeChildren(owner, gathered, ints[f + FIRST_GATHERED]);
          if (stack.owners[stack.depth - 1] === top) return gathered.pop() as SyntaxNode;
        }
        continue;
      }
      const slot = ints[f + CHILDREN] + index * SUBTREE_SIZE;
      const inline = (u8[slot] & INLINE_BIT) !== 0;
      const data = inline ? 0 : i32[slot >> 2];
      if (index > 0) ints[f + POSITION] += this.paddingOf(slot);
      ints[f + INDEX] = index + 1;
      const flags = inline ? u8[slot] : u16[(data + HEAP_FLAGS) >> 1];
      const extra = (flags & (inline ? INLINE_EXTRA : FLAG_EXTRA)) !== 0;
      let alias = 0;
      let structural = -1;
      if (!extra) {
        structural = ints[f + STRUCTURAL]++;
        if (ints[f + ALIASES]) alias = u16[(ints[f + ALIASES] >> 1) + structural];
      }
      const start = ints[f + POSITION];
      const size = inline ? u8[slot + INLINE_SIZE_BYTES] : i32[(data + HEAP_SIZE_BYTES) >> 2];
      ints[f + POSITION] = start + size;
      const hasChildren =
        !inline && i32[(data + HEAP_CHILD_COUNT) >> 2] > 0 && i32[(data + HEAP_VISIBLE_CHILD_COUNT) >> 2] > 0;
      if (alias !== 0 || (flags & (inline ? INLINE_VISIBLE : FLAG_VISIBLE)) !== 0) {
        const typeId = this.typeId(alias || this.symbolOf(slot));
        const type = types[typeId];
        if (type === undefined) throw new LayoutMismatch();
        if (!isNamedType[typeId]) {
          // An anonymous token's text is its type, and the interpreter never asks for its field.
          if (KEEPS_TOKENS.has(owner.type))
            gathered.push(syntaxNode(type, start >> 1, (start >> 1) + type.length, false, null));
          continue;
        }
        const field = extra ? null : (this.fieldAt(ints, f, structural) ?? stack.inheritedFields[depth]);
        const node = syntaxNode(type, start >> 1, (start + size) >> 1, true, field);
        if (hasChildren && copiesChildrenOf(node, this.source)) {
          // Its children follow it on the gathered stack until it is closed.
          gathered.push(node);
          this.pushFrame(stack, data, start, node, null, gathered.length);
        } else if (owner === top) return node;
        else gathered.push(node);
      } else if (hasChildren) {
        // A hidden node (a supertype, a repetition): its children belong to the visible owner.
        const inherited = extra ? null : (this.fieldAt(ints, f, structural) ?? stack.inheritedFields[depth]);
        this.pushFrame(stack, data, start, owner, inherited, -1);
      }
    }
  }

  /** Pushes the frame of heap node `data`, which starts at byte `position`. */
  private pushFrame(
    stack: FrameStack,
    data: number,
    position: number,
    owner: SyntaxNode,
    inheritedField: string | null,
    firstGathered: number,
  ): void {
    const f = stack.push(owner, inheritedField);
    const ints = stack.ints;
    const count = this.i32[(data + HEAP_CHILD_COUNT) >> 2];
    const production = this.u16[(data + HEAP_PRODUCTION_ID) >> 1];
    ints[f + CHILDREN] = data - count * SUBTREE_SIZE;
    ints[f + COUNT] = count;
    ints[f + INDEX] = 0;
    ints[f + POSITION] = position;
    ints[f + STRUCTURAL] = 0;
    ints[f + ALIASES] = production ? this.aliasSequences + production * this.maxAliasSequenceLength * 2 : 0;
    ints[f + FIELDS] = 0;
    ints[f + FIELDS_END] = 0;
    if (this.fieldCount > 0) {
      const slice = (this.fieldMapSlices >> 1) + production * 2;
      ints[f + FIELDS] = this.fieldMapEntries + this.u16[slice] * 4;
      ints[f + FIELDS_END] = ints[f + FIELDS] + this.u16[slice + 1] * 4;
    }
    ints[f + FIRST_GATHERED] = firstGathered;
  }

  /** The field a non-inherited field map entry of frame `f`'s production gives its child `structural`. */
  private fieldAt(ints: Int32Array, f: number, structural: number): string | null {
    // TSFieldMapEntry: field_id (u16), child_index (u8), inherited (bool).
    const end = ints[f + FIELDS_END];
    for (let entry = ints[f + FIELDS]; entry < end; entry += 4) {
      if (this.u8[entry + 2] === structural && this.u8[entry + 3] === 0)
        return this.fieldNames[this.u16[entry >> 1]] ?? null;
    }
    return null;
  }

  /** The public type id of internal `symbol` (an alias or a grammar symbol); -1 when out of range. */
  private typeId(symbol: number): number {
    return symbol < this.symbolCount ? this.u16[(this.publicSymbols >> 1) + symbol] : -1;
  }

  private isInline(slot: number): boolean {
    return (this.u8[slot] & INLINE_BIT) !== 0;
  }

  private heapData(slot: number): number {
    return this.i32[slot >> 2];
  }

  private symbolOf(slot: number): number {
    return this.isInline(slot) ? this.u8[slot + INLINE_SYMBOL] : this.u16[(this.heapData(slot) + HEAP_SYMBOL) >> 1];
  }

  private paddingOf(slot: number): number {
    return this.isInline(slot)
      ? this.u8[slot + INLINE_PADDING_BYTES]
      : this.i32[(this.heapData(slot) + HEAP_PADDING_BYTES) >> 2];
  }

  private refresh(): void {
    this.u8 = this.heap.HEAPU8;
    this.u16 = this.heap.HEAPU16;
    this.i32 = this.heap.HEAP32;
  }
}

/** The memory did not read as the layout expects: the caller copies with the cursor instead. */
export class LayoutMismatch extends Error {
  constructor() {
    super('the tree in WASM memory does not have the expected layout');
    this.name = 'LayoutMismatch';
  }
}
