/** "already cancelled", "has already been canceled", `order_already_cancelled`: how providers say it in words or codes. */
const alreadyCancelled = /already[\s_-]+(?:been[\s_-]+)?cancell?ed/i;

export function saysAlreadyCancelled(text: string | undefined): boolean {
  return text !== undefined && alreadyCancelled.test(text);
}
