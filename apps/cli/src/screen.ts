import { redactText } from '@cancel/core';
import type { CliIo } from './cli-io.js';
import { type Paint, paintFor } from './paint.js';
import { type ProgressState, renderProgress } from './progress-bar.js';
import { writeAndWait } from './write-and-wait.js';

const clearLine = '\r\x1b[K';
const redrawEveryMs = 50;

/**
 * Everything the command writes goes through here: human lines on stderr above an optional progress bar,
 * JSON Lines on stdout, and every known secret replaced by [REDACTED] as a last line of defence.
 */
export class Screen {
  readonly paint: Paint;
  private bar = '';
  private lastDraw = 0;
  private state: Omit<ProgressState, 'columns'> | undefined;
  private stdoutGone = false;

  constructor(
    private readonly io: CliIo,
    private readonly secrets: readonly string[] = [],
    /** Called once if stdout's reader goes away (`| head`): the run then stops taking new orders. */
    onStdoutGone?: () => void,
  ) {
    this.paint = paintFor(io.stderr);
    io.stdout.on('error', () => {
      if (!this.stdoutGone) onStdoutGone?.();
      this.stdoutGone = true;
    });
  }

  say(text: string): Promise<void> {
    // The bar is drawn again below the line, from the latest counts: writing it costs nothing extra here.
    if (this.state) this.bar = this.render(this.state);
    return writeAndWait(this.io.stderr, `${this.bar ? clearLine : ''}${this.redact(text)}\n${this.bar}`);
  }

  async print(text: string): Promise<void> {
    if (this.stdoutGone) return;
    await writeAndWait(this.io.stdout, `${this.redact(text)}\n`);
  }

  /** A bar is drawn only on a terminal. */
  get showsProgress(): boolean {
    return this.io.stderr.isTTY === true;
  }

  /** Updates the counts behind the bar; the next line written, or `drawProgress`, shows them. */
  progress(state: Omit<ProgressState, 'columns'>): void {
    this.state = state;
  }

  /** Redraws the bar alone, at most every 50ms unless `force`: a fast run must not spend its time drawing. */
  drawProgress(force = false): void {
    const now = Date.now();
    if (!this.state || (!force && now - this.lastDraw < redrawEveryMs)) return;
    this.lastDraw = now;
    this.bar = this.render(this.state);
    this.io.stderr.write(`${clearLine}${this.bar}`);
  }

  /** Removes the bar, so that the summary and the shell prompt start on a clean line. */
  endProgress(): void {
    if (this.bar) this.io.stderr.write(clearLine);
    this.bar = '';
    this.state = undefined;
  }

  private render(state: Omit<ProgressState, 'columns'>): string {
    return renderProgress({ ...state, columns: this.io.stderr.columns ?? 80 });
  }

  redact(text: string): string {
    return this.secrets.length === 0 ? text : redactText(text, this.secrets);
  }
}
