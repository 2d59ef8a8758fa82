/**
 * The progress line of long runs (`model-doctor check` on a terminal): one
 * line on stderr, rewritten at most ten times a second and erased at the end.
 * Nothing is written when stderr is not a terminal (CI logs, pipes).
 */
export class ProgressLine {
  private lastDraw = 0;
  private drawn = false;
  /** Short runs finish before the line would be read: it appears only after this long. */
  private readonly showAfter = Date.now() + 500;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly total: number,
    private readonly label = 'checking',
  ) {}

  get enabled(): boolean {
    return !!this.stream.isTTY;
  }

  update(done: number, current?: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now < this.showAfter || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = Math.max(20, (this.stream.columns ?? 80) - 1);
    let line = `model-doctor: ${this.label} ${done}/${this.total} files`;
    if (current) line += ` ${current}`;
    if (line.length > width) line = `${line.slice(0, width - 1)}…`;
    this.stream.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
