// @cancel/snappy: see the issue; replaced by the provider's implementation.
export {};
