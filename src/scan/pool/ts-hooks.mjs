// Module hooks that let a worker thread load pinbot's TypeScript sources, for when pinbot runs
// from `src/` (Jest runs the sources through @swc/jest; a worker thread is plain Node and, on
// Node 20, cannot load `.ts` by itself). The compiled `dist/` never uses this file.
//
// It transforms with @swc/core, the compiler Jest already uses, so workers run exactly what the
// tests run. tsx and @swc-node/register were tried and cost 1.3 s and 2.7 s more per worker start
// (they start a compiler service or read tsconfig per thread); this costs next to nothing.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
let swc;

/** `./x.js` imported from a `.ts` file means `./x.ts` when that exists (TypeScript's NodeNext rule). */
export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  if (parent?.endsWith('.ts') && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const source = new URL(`${specifier.slice(0, -3)}.ts`, parent);
    if (existsSync(fileURLToPath(source))) return { url: source.href, format: 'module', shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  swc ??= require('@swc/core');
  const filename = fileURLToPath(url);
  const { code } = swc.transformSync(await readFile(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  });
  return { format: 'module', source: code, shortCircuit: true };
}
