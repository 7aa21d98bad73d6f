#!/usr/bin/env node
import { start } from '../dist/app/main.js';

const code = await start();
if (code !== 0) process.exit(code);
