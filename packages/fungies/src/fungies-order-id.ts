const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Fungies' own pattern for order numbers, `#` prefix and `-N` suffix included.
const orderNumber = /^#?([0-9A-Za-z]{12,32}|[0-9]+)(-[0-9]+)?$/;

export const isUuid = (orderId: string): boolean => uuid.test(orderId);

/** Fungies takes an order's UUID or its order number in the same path segment. */
export const fungiesOrderIdPattern = new RegExp(`${uuid.source}|${orderNumber.source}`, 'i');
