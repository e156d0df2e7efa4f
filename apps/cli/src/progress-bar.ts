import { formatDuration } from './format-duration.js';

export interface ProgressState {
  readonly done: number;
  /** Unknown when IDs stream from stdin: the bar then shows a count and a rate, without an ETA. */
  readonly total: number | undefined;
  readonly failed: number;
  readonly elapsedMs: number;
  readonly columns: number;
  /** Time left as pacing and progress say (see eta.ts); without it, from the rate so far. */
  readonly remainingMs?: number | undefined;
}

/** One line: `[█████░░░░░] 512/1,000 51% · 2 failed · 85/s · ETA 6s`. */
export function renderProgress(state: ProgressState): string {
  const seconds = state.elapsedMs / 1000;
  const rate = seconds > 0 ? state.done / seconds : 0;
  const parts: string[] = [];
  if (state.total !== undefined) {
    const fraction = state.total === 0 ? 1 : Math.min(1, state.done / state.total);
    parts.push(`${count(state.done)}/${count(state.total)} ${Math.floor(fraction * 100)}%`);
  } else {
    parts.push(`${count(state.done)} done`);
  }
  if (state.failed > 0) parts.push(`${count(state.failed)} failed`);
  parts.push(`${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s`);
  if (state.total !== undefined && state.done < state.total) {
    const remaining =
      state.remainingMs ?? (rate > 0 ? ((state.total - state.done) / rate) * 1000 : undefined);
    parts.push(remaining === undefined ? 'ETA ?' : `ETA ${formatDuration(remaining)}`);
  }
  const text = parts.join(' · ');
  if (state.total === undefined) return text.slice(0, state.columns - 1);
  const width = Math.max(0, Math.min(30, state.columns - text.length - 4));
  if (width < 5) return text.slice(0, state.columns - 1);
  const filled =
    state.total === 0 ? width : Math.round((Math.min(state.done, state.total) / state.total) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${text}`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
