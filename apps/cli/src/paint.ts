import { styleText } from 'node:util';

type Format = Parameters<typeof styleText>[0];

/** Colours for one stream: `styleText` drops them when it is not a TTY or NO_COLOR is set, and honours FORCE_COLOR. */
export type Paint = (format: Format, text: string) => string;

export function paintFor(stream: NodeJS.WritableStream): Paint {
  return (format, text) => styleText(format, text, { stream });
}
