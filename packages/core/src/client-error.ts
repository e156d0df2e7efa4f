import { CancelError, type CancelErrorCode } from './cancel-error.js';

/** An error the client makes itself, for one order or a whole group, before or instead of a provider's answer. */
export const clientError = (
  provider: { readonly id: string },
  code: CancelErrorCode,
  message: string,
  orderId?: string,
): CancelError => new CancelError({ code, message, provider: provider.id, orderId });
