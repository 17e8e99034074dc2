// The suite starts real programs (the CLI, serve, Dovecot, MTAs, Chromium) on a 2-core machine:
// vitest's 5 s default fails a test whose process start-up merely waited for the other core. A
// file that needs longer still sets its own (vi.setConfig); a hang is still caught.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
