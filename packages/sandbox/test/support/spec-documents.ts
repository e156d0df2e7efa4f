import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { parse } from 'yaml';

// Verbatim copies of the providers' documentation pages, so the simulator is checked against them in CI.
const specsFolder = new URL('../specs/', import.meta.url);

export function readSpec(name: string): string {
  return readFileSync(new URL(`${name}.md`, specsFolder), 'utf8');
}

/** The OpenAPI document embedded in a page as a ```` ```yaml ```` block. */
export function openApiDocument(name: string): OpenApiDocument {
  const match = /````yaml[^\n]*\n([\s\S]*?)\n````/.exec(readSpec(name));
  if (!match) throw new Error(`no yaml block in ${name}.md`);
  return parse(match[1]!) as OpenApiDocument;
}

/** Every ```` ```json ```` block of a page, parsed. */
export function jsonBlocks(name: string): unknown[] {
  return [...readSpec(name).matchAll(/```json\n([\s\S]*?)\n```/g)].map((match) => JSON.parse(match[1]!));
}

/** The first JSON object in a page that starts with `opening` (Snappy's example is not fenced). */
export function jsonObjectStartingWith(name: string, opening: RegExp): unknown {
  const text = readSpec(name);
  const start = text.search(opening);
  if (start < 0) throw new Error(`no JSON object matching ${opening} in ${name}.md`);
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
    } else if (character === '"') inString = true;
    else if (character === '{') depth++;
    else if (character === '}' && --depth === 0) return JSON.parse(text.slice(start, index + 1));
  }
  throw new Error(`unbalanced JSON in ${name}.md`);
}

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components?: {
    schemas?: Record<string, unknown>;
    securitySchemes?: Record<string, { name?: string }>;
  };
}

interface OpenApiOperation {
  readonly parameters?: { name: string; in: string; schema: unknown }[];
  readonly responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

// OpenAPI 3.1 schemas use draft 2020-12 keywords (`const`, `type: [..]`); 3.0 ones are a subset here.
function createAjv() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // ajv-formats is CommonJS; its plugin is the `default` export under either module system.
  formats.default(ajv);
  ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isSafeInteger(value) });
  return ajv;
}

const ajv = createAjv();

/** A validator for a schema that may `$ref` into the document's components. */
export function compileInDocument(document: OpenApiDocument, schema: unknown) {
  return ajv.compile({ ...(schema as object), components: document.components });
}

export function operation(document: OpenApiDocument, path: string, method: string): OpenApiOperation {
  const found = document.paths[path]?.[method];
  if (!found) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
  return found;
}

/** The validator of a documented JSON response, by path, method and status. */
export function responseValidator(document: OpenApiDocument, path: string, method: string, status: number) {
  const schema = operation(document, path, method).responses[String(status)]?.content?.['application/json']
    ?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} documents no JSON body for ${status}`);
  return compileInDocument(document, schema);
}

/** A validator for any JSON schema written in a test. */
export function compile(schema: object) {
  return ajv.compile(schema);
}

/**
 * A schema from a documented example: the same keys, required, with the same JSON types, recursively. Objects
 * at `freeForm` keys (arbitrary metadata) only need to be objects.
 */
export function schemaOfExample(example: unknown, freeForm: readonly string[] = [], key = ''): object {
  if (example === null) return { type: 'null' };
  if (Array.isArray(example)) {
    return { type: 'array', items: example.length ? schemaOfExample(example[0], freeForm) : {} };
  }
  if (typeof example === 'object') {
    if (freeForm.includes(key)) return { type: 'object' };
    const entries = Object.entries(example as Record<string, unknown>);
    return {
      type: 'object',
      required: entries.map(([name]) => name),
      properties: Object.fromEntries(
        entries.map(([name, value]) => [name, schemaOfExample(value, freeForm, name)]),
      ),
    };
  }
  return { type: typeof example };
}
