/** Replaced at build time (tsup.config.ts, vitest.config.ts) with this package's version. */
declare const PACKAGE_VERSION: string;

/** The instrumentation scope every span and metric of this package carries. */
export const scope = { name: '@cancel/opentelemetry', version: PACKAGE_VERSION } as const;
