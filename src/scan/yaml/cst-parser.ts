import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Parser as NodeBuildParser } from 'yaml';

/**
 * The yaml library's CST parser, taken from the library's own ES module build (`browser/`)
 * when it is where yaml 2.x ships it. The Node build's parser looks up the environment
 * variable LOG_TOKENS for every token, a call into native code each time: profiled on
 * `npm run bench -- scan`, that lookup was a third of the parser's time and made the scanners
 * 15% slower. The ES module
 * build is the same parser from the same package without that debugging hook (yaml 3 reads the
 * variable once, at load). Its tokens are plain objects, so the Node build's Composer composes
 * them as usual and every node class stays the Node build's. Should the file be missing (a
 * future layout), the Node build's parser is used: slower, the same tokens.
 */
export const CstParser: typeof NodeBuildParser = await loadParser();

async function loadParser(): Promise<typeof NodeBuildParser> {
  try {
    // `yaml/dist/index.js`; the package's exports map offers the browser build only to bundlers.
    const nodeEntry = pathToFileURL(createRequire(import.meta.url).resolve('yaml'));
    const loaded = (await import(new URL('../browser/dist/parse/parser.js', nodeEntry).href)) as { Parser?: unknown };
    if (typeof loaded.Parser === 'function') return loaded.Parser as typeof NodeBuildParser;
  } catch {
    // Not where yaml 2.x ships it: fall back below.
  }
  return NodeBuildParser;
}

/** Whether the parser in use is the Node build's (slower) one: a test notices a lost fast path. */
export const usingNodeBuildParser = (): boolean => CstParser === NodeBuildParser;
