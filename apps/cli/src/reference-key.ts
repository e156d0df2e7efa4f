/** One key per order at one provider; NUL separates, since neither an ID nor a provider name holds it. */
export const referenceKey = (provider: string, orderId: string): string => `${provider}\u0000${orderId}`;
