// Writes the generated configuration artifacts: schema/pinbot.schema.json (for editors) and
// docs/configuration.md (the reference), both rendered from src/config/schema.ts. Plain ESM on
// the compiled output, since the project has no TypeScript runner: run `npm run build` first
// (`npm run schema` does both). test/config/schema-artifacts.test.ts fails when either is stale.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  let modules;
  try {
    modules = await Promise.all([import('../dist/config/json-schema.js'), import('../dist/config/docs.js')]);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    process.stderr.write(`dist/ is missing the config modules (${error.message}); run \`npm run build\` first\n`);
    return 1;
  }
  const [{ SCHEMA_FILE, renderJsonSchema }, { DOCS_FILE, renderConfigDocs }] = modules;
  for (const [file, text] of [
    [SCHEMA_FILE, renderJsonSchema()],
    [DOCS_FILE, renderConfigDocs()],
  ]) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), text);
    process.stdout.write(`wrote ${file}\n`);
  }
  return 0;
}

process.exitCode = await main();
