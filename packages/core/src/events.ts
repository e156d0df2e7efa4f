/** What a client reports about each attempt, with every secret already replaced by [REDACTED]. */
export type CancelEvent =
  | {
      readonly type: 'request';
      readonly provider: string;
      readonly orderIds: readonly string[];
      readonly attempt: number;
      readonly method: string;
      readonly url: string;
      readonly headers: Readonly<Record<string, string>>;
    }
  | {
      readonly type: 'response';
      readonly provider: string;
      readonly orderIds: readonly string[];
      readonly attempt: number;
      readonly status: number;
      readonly durationMs: number;
      readonly requestId?: string;
    }
  | {
      readonly type: 'retry';
      readonly provider: string;
      readonly orderIds: readonly string[];
      /** The attempt that failed; the next one is `attempt + 1`. */
      readonly attempt: number;
      /** `HTTP 503`, `network`, `timeout`. */
      readonly reason: string;
      readonly retryAfterMs?: number;
    };

export type CancelEventListener = (event: CancelEvent) => void;
