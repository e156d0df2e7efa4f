// zod's tree-shakable mini build for provider packages, behind its own entry: a namespace re-export from the main
// entry (`export * as z`) would make bundlers keep all of zod.
export * from 'zod/mini';
