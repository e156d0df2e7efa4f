// @cancel/offergrid: see the issue; replaced by the provider's implementation.
export {};
