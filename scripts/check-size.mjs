#!/usr/bin/env node
// The size budget: a browser bundle of one provider (core, ky and valibot included), minified and gzipped,
// stays at or under 18 KB. Each provider's built dist is bundled from a tiny entry that keeps only its
// factory, so everything reachable from `create<Provider>` counts and nothing else does.
//
//   node scripts/check-size.mjs          skips providers that are not built yet
//   node scripts/check-size.mjs --all    every provider must be built and within budget (for the test command)
//   node scripts/check-size.mjs --why    also lists what each bundle is made of
//   node scripts/check-size.mjs --json   prints the measurements as JSON instead (for pnpm bench)
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const budgetBytes = 18 * 1024;
const requireAll = process.argv.includes('--all');
const explain = process.argv.includes('--why');
const asJson = process.argv.includes('--json');

// esbuild is not a direct dependency: it comes with tsup, so it is resolved through tsup.
async function loadEsbuild() {
  const fromRoot = createRequire(join(root, 'package.json'));
  for (const resolve of [
    () => fromRoot.resolve('esbuild'),
    () => createRequire(fromRoot.resolve('tsup')).resolve('esbuild'),
  ]) {
    try {
      return await import(pathToFileURL(resolve()).href);
    } catch {}
  }
  throw new Error('esbuild not found; run pnpm install (it comes with tsup)');
}

/** `ky`, `valibot`, `@cancel/core`: the package a bundled file belongs to. */
function packageOf(file) {
  const inModules = file.split('node_modules/').at(-1);
  if (inModules !== file) {
    const parts = inModules.split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(file);
  return workspace ? `@cancel/${workspace[1]}` : file;
}

const kb = (bytes) => (bytes / 1024).toFixed(2);

async function measure(esbuild, name, factory) {
  const dist = join(root, 'packages', name, 'dist', 'index.js');
  const built = await esbuild.build({
    stdin: {
      contents: `import { ${factory} } from ${JSON.stringify(dist)};\nexport const client = ${factory};\n`,
      resolveDir: root,
      sourcefile: `${name}-entry.js`,
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    treeShaking: true,
    metafile: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = built.outputFiles[0].contents;
  const inputs = Object.values(built.metafile.outputs)[0].inputs;
  const byPackage = new Map();
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const owner = packageOf(relative(root, file));
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + bytesInOutput);
  }
  const biggestFiles = Object.entries(inputs)
    .map(([file, { bytesInOutput }]) => ({ file: relative(root, file), bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 8);
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, byPackage, biggestFiles };
}

/** `{ zinc: 'createZinc', … }`: each built-in provider's package folder and factory, from its spec via the registry. */
async function loadProviders() {
  const registry = join(root, 'packages', 'sandbox', 'dist', 'index.js');
  try {
    const { builtInProviders } = await import(pathToFileURL(registry).href);
    return Object.fromEntries(builtInProviders.map(({ spec }) => [spec.id, spec.factory]));
  } catch (error) {
    console.error(
      `The provider registry (${relative(root, registry)}) is not built or does not load: ${error.message}`,
    );
    console.error('Run pnpm build first.');
    process.exit(1);
  }
}

const providers = await loadProviders();
const esbuild = await loadEsbuild();
const rows = [];
const notices = [];
let failed = false;
for (const [name, factory] of Object.entries(providers)) {
  if (!existsSync(join(root, 'packages', name, 'dist', 'index.js'))) {
    notices.push(`${name}: skipped, not built (cd packages/${name} && npx tsup)`);
    failed ||= requireAll;
    continue;
  }
  try {
    const size = await measure(esbuild, name, factory);
    const over = size.gzip > budgetBytes;
    failed ||= over;
    rows.push({ name, ...size, over });
  } catch (error) {
    const message = error.errors?.map((item) => item.text).join('; ') ?? error.message;
    // A dist without its factory is the scaffold's placeholder: not built yet, as far as the budget goes.
    // Anything else (a Node built-in that a browser lacks, say) breaks the browser bundle and fails.
    const placeholder = error.errors?.every((item) => item.text.startsWith('No matching export'));
    notices.push(
      placeholder
        ? `${name}: skipped, dist does not export ${factory} yet (scaffold placeholder?)`
        : `${name}: FAILED to bundle for the browser: ${message}`,
    );
    failed ||= requireAll || !placeholder;
  }
}

if (asJson) {
  const measured = rows.map(({ byPackage, ...row }) => ({
    ...row,
    byPackage: Object.fromEntries(byPackage),
  }));
  console.log(JSON.stringify({ budgetBytes, rows: measured, notices }));
  process.exit(failed ? 1 : 0);
}

const header = ['provider', 'KB min', 'KB gzip', 'budget', ''];
const table = [
  header,
  ...rows.map((row) => [
    row.name,
    kb(row.min),
    kb(row.gzip),
    kb(budgetBytes),
    row.over ? 'OVER BUDGET' : 'ok',
  ]),
];
const widths = header.map((_, column) => Math.max(...table.map((line) => line[column].length)));
for (const line of table) {
  console.log(
    line
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd(),
  );
}
for (const notice of notices) console.log(`note: ${notice}`);

for (const row of rows.filter((row) => row.over || explain)) {
  console.log(`\n${row.name}: minified bytes by package (before gzip)`);
  for (const [owner, bytes] of [...row.byPackage].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${owner.padEnd(24)} ${kb(bytes).padStart(7)} KB`);
  }
  console.log('  largest files:');
  for (const { file, bytes } of row.biggestFiles) console.log(`  ${kb(bytes).padStart(7)} KB  ${file}`);
}

if (failed) {
  console.error(
    `\nSize budget failed: each provider bundle must be built and at most ${kb(budgetBytes)} KB gzipped.`,
  );
  process.exit(1);
}
