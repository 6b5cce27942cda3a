#!/usr/bin/env node
// The `glidepath` bin: Glidepath runs from its TypeScript sources, so register tsx's loader
// before importing the CLI (`npx glidepath ...` works without a build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
