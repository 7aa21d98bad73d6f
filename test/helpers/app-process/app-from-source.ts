/**
 * `bin/pinbot-app.js` (what `npm start` runs), but on the TypeScript sources (run with
 * `node --import tsx`), so a test can run the App as real processes without building `dist/`.
 */
import { start } from '../../../src/app/start.js';

const code = await start();
if (code !== 0) process.exit(code);
