/**
 * Writes and, when the stream's buffer is full, waits for it to drain. Without the wait a million lines to a
 * slow pipe (`2>&1 | less`) would pile up in memory; with it the run goes at the reader's pace.
 */
export async function writeAndWait(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (stream.write(text)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}
