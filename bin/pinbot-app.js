#!/usr/bin/env node
import { start } from '../dist/app/start.js';

const code = await start();
if (code !== 0) process.exit(code);
