// Loads n8n-core and n8n-workflow for the in-process harness, after giving n8n the
// environment it reads when its DI services are first built.
//
// Everything is loaded through `require`, never `import`: n8n-core is CommonJS and
// requires the CommonJS build of n8n-workflow, while an ESM `import 'n8n-workflow'`
// would load its separate ESM build, whose error classes are different objects. The
// nodes under test (TypeScript compiled to CommonJS) also require the CommonJS build,
// so `instanceof NodeApiError` holds across node, n8n-core and test.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

// n8n reads these when its config classes are first resolved from the container, so
// they must be in place before anything below asks the container for a service.
//
// N8N_USER_FOLDER: the first execution context built resolves InstanceSettings, which
// reads `<folder>/.n8n/config` (encryption key) and creates it when missing. Keep it out
// of the developer's ~/.n8n and out of the repository: one fixed folder per OS user under
// the temporary directory, reused by every run, so nothing piles up. The config file is
// written here first, atomically (rename), with the key given in N8N_ENCRYPTION_KEY, so
// n8n only ever reads it and parallel jest workers never see a half-written file.
const ENCRYPTION_KEY = 'n8n-nodes-gradient-msp-test-harness';
const userFolder = path.join(os.tmpdir(), `n8n-nodes-gradient-msp-harness-${process.getuid?.() ?? 'user'}`);
const n8nFolder = path.join(userFolder, '.n8n');
mkdirSync(n8nFolder, { recursive: true, mode: 0o700 });
const pendingConfig = path.join(n8nFolder, `config.${process.pid}.tmp`);
writeFileSync(pendingConfig, JSON.stringify({ encryptionKey: ENCRYPTION_KEY }, null, '\t'), { mode: 0o600 });
renameSync(pendingConfig, path.join(n8nFolder, 'config'));
process.env.N8N_USER_FOLDER = userFolder;
process.env.N8N_ENCRYPTION_KEY = ENCRYPTION_KEY;
// The settings file is private to this user already; skip n8n's permission check.
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
// n8n's Logger prints to the console by default; set N8N_HARNESS_LOG_LEVEL=debug to see it.
process.env.N8N_LOG_LEVEL = process.env.N8N_HARNESS_LOG_LEVEL ?? 'silent';
// The emulators and echo servers listen on 127.0.0.1, which n8n's SSRF protection would
// block. It is off by default; make sure a developer's environment does not turn it on.
process.env.N8N_SSRF_PROTECTION_ENABLED = 'false';

export const workflowLib = require('n8n-workflow');
export const core = require('n8n-core');
const { Container } = require('@n8n/di');

export { Container };
