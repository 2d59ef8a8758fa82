import type { Edit } from './findings';
import type { LabelInfo, LayerNode, Language, Span, TensorNode } from './ir';

/** Names a framework accepts for one kind of string argument. */
export interface NameSet {
  has(name: string): boolean;
  /** Every accepted name, for "did you mean". */
  all(): readonly string[];
  /**
   * The accepted name that means exactly what an unaccepted `name` means in
   * another framework's spelling (tfjs: `mse` → `meanSquaredError`), or null.
   */
  alias?(name: string): string | null;
}

/**
 * How one language writes the things fixes need. Rules speak in Keras terms
 * (`binary_crossentropy`, `Flatten`) and the dialect spells them for the file at
 * hand, so a rule never needs to know which language a model came from.
 */
export interface Dialect {
  language: Language;
  /** "Keras" or "TensorFlow.js", for messages. */
  framework: string;
  /** A string literal, reusing the quote style of the literal at `like` when given. */
  string(value: string, like?: Span): string;
  /** `name=value` in Python, `name: value` in a JS config object. */
  keywordArg(name: string, valueCode: string): string;
  /** How a canonical Keras loss id is written as a string here, or null if it has no string name. */
  lossName(id: string): string | null;
  /** A loss object with from_logits, written with the file's imports, or null. */
  lossObject(id: string, fromLogits: boolean, near: Span): string | null;
  /** Accepted names, for the unknown-name rules. */
  names: { loss: NameSet; activation: NameSet; optimizer: NameSet; metric: NameSet };
  /** The name of the `activation` argument as written in this language. */
  argName(kerasName: string): string;
  /** The framework's own default learning rate for optimizer `id` (e.g. `adam`), when it differs by language. */
  defaultLearningRate?(optimizerId: string): number | null;
  /**
   * Why the framework's loss `lossId` rejects these labels as they are, or null
   * when it takes them (TensorFlow.js's sparse crossentropy throws on int32
   * tensors). Absent: every loss takes them.
   */
  labelsRejectedBy?(lossId: string, labels: LabelInfo): string | null;
  /** Edits that put a new layer of `type` (no arguments) right before `node` in its model. */
  insertLayerBefore(node: TensorNode, type: string): Edit[] | null;
  /**
   * Source of a call creating a layer of `type` (with `argsCode` between the
   * parentheses), spelled like the existing layer `like`, plus any import it needs.
   */
  layerExpression(type: string, like: LayerNode, argsCode?: string): { code: string; extraEdits: Edit[] } | null;
}
