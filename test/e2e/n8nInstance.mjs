// A real, headless n8n (a release from scripts/n8nRuntime.mjs, on the Node that release runs
// on) with this package loaded the way n8n installs a community package. Used by the demo, the
// end-to-end suite and the editor test. Each instance has its own user folder (SQLite
// database, settings, community nodes) and its own ports, so several can run side by side.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { node24Environment } from '../../scripts/node24.mjs';
import { N8N_VERSION, ensureN8nRuntime, n8nEnvironment } from '../../scripts/n8nRuntime.mjs';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const instancesFolder = path.join(repositoryRoot, '.runtime', 'instances');
const PACKAGE_NAME = 'n8n-nodes-gradient-msp';
// Fixed so that credentials imported as plain JSON can be decrypted by every n8n process
// of one instance; it protects nothing but the test instance's own database.
const ENCRYPTION_KEY = 'n8n-nodes-gradient-msp-local-instance';
const STARTUP_TIMEOUT_MS = 120_000;
// A probe that hangs must not outlast the startup deadline.
const PROBE_TIMEOUT_MS = 5_000;

/** `npm pack` of the built package: what the registry would serve. */
export function packPackage() {
	const destination = mkdtempSync(path.join(os.tmpdir(), 'gradient-pack-'));
	const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', destination], {
		cwd: repositoryRoot,
		encoding: 'utf8',
		env: node24Environment(),
	});
	if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
	return path.join(destination, JSON.parse(packed.stdout)[0].filename);
}

/**
 * Asynchronous on purpose: the demo and the tests serve the Gradient emulator from this same
 * process, and a blocking spawn would keep it from answering n8n.
 */
function run(command, args, options) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		const stdout = [];
		const stderr = [];
		child.stdout.on('data', (chunk) => stdout.push(chunk));
		child.stderr.on('data', (chunk) => stderr.push(chunk));
		child.once('error', reject);
		child.once('close', (code) =>
			resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
		);
	});
}

function failure(args, { code, stdout, stderr }) {
	return new Error(`n8n ${args.join(' ')} failed (exit ${code}):\n${stderr}\n${stdout.slice(-4000)}`);
}

/**
 * n8n prints its result as indented JSON among log lines (and, for a failed run, more log
 * lines after it). Indented JSON opens and closes at the start of a line.
 */
export function jsonAfterLogs(output) {
	const lines = output.split('\n');
	for (let start = 0; start < lines.length; start++) {
		const opening = lines[start];
		if (opening !== '{' && opening !== '[') continue;
		const closing = opening === '{' ? '}' : ']';
		const end = lines.indexOf(closing, start + 1);
		if (end === -1) break;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			// A log line that happens to be a lone brace: look further.
		}
	}
	throw new Error(`no JSON in n8n's output:\n${output.slice(-2000)}`);
}

const claims = new Set();

function releaseClaims() {
	for (const claim of claims) rmSync(claim, { force: true });
}

function isRunning(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/**
 * Keeps a user folder to this process: two processes (two jest workers, say) preparing one
 * folder wipe and migrate one SQLite database at once, which fails in ways that do not name
 * the cause. A claim left by a process that has ended is taken over.
 */
function claimUserFolder(name, userFolder) {
	mkdirSync(instancesFolder, { recursive: true });
	const claim = `${userFolder}.pid`;
	try {
		writeFileSync(claim, String(process.pid), { flag: 'wx' });
	} catch (error) {
		if (error.code !== 'EEXIST') throw error;
		const owner = Number(readFileSync(claim, 'utf8'));
		if (owner !== process.pid && isRunning(owner)) {
			throw new Error(`the n8n instance "${name}" is in use by process ${owner}: give each instance its own name`);
		}
		writeFileSync(claim, String(process.pid));
	}
	if (claims.size === 0) process.once('exit', releaseClaims);
	claims.add(claim);
}

export class N8nInstance {
	/**
	 * @param {object} options
	 * @param {string} options.name folder name under .runtime/instances (wiped on create)
	 * @param {string} [options.version] n8n release, one of scripts/n8nRuntime.mjs's
	 * @param {number} [options.port] editor/REST port
	 * @param {number} [options.brokerPort] task runner broker port (n8n 2.x always runs one; 1.x
	 *   runs Code nodes in its own process unless told otherwise)
	 * @param {Record<string,string>} [options.environment] extra environment for n8n
	 */
	constructor({ name, version = N8N_VERSION, port = 5678, brokerPort = 5679, environment = {} }) {
		this.name = name;
		this.port = port;
		this.userFolder = path.join(instancesFolder, name);
		this.binary = ensureN8nRuntime(version);
		this.environment = {
			...n8nEnvironment(version),
			// Whoever starts n8n (jest sets "test") must not change how n8n logs and runs.
			NODE_ENV: 'production',
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			// `n8n execute` prints its JSON result through the logger at info level.
			N8N_LOG_LEVEL: 'info',
			N8N_SECURE_COOKIE: 'false',
			...environment,
		};
		this.server = undefined;
	}

	get url() {
		return `http://127.0.0.1:${this.port}`;
	}

	/** A fresh user folder with the package unpacked where n8n installs community packages. */
	prepare(tarball = packPackage()) {
		claimUserFolder(this.name, this.userFolder);
		rmSync(this.userFolder, { recursive: true, force: true });
		const packageFolder = path.join(this.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
		mkdirSync(packageFolder, { recursive: true });
		// Unpacked, not `npm install`ed: an install would add a second n8n-workflow beside n8n's.
		const unpacked = spawnSync('tar', ['-xzf', tarball, '-C', packageFolder, '--strip-components=1'], { encoding: 'utf8' });
		if (unpacked.status !== 0) throw new Error(`could not unpack ${tarball}: ${unpacked.stderr}`);
		return this;
	}

	/** Runs an n8n CLI command; answers its standard output, or throws with all it printed. */
	async n8n(args) {
		const result = await this.n8nProcess(args);
		if (result.code !== 0) throw failure(args, result);
		return result.stdout;
	}

	async n8nProcess(args) {
		// `node` is looked up on the instance's PATH, where the release's Node comes first.
		return await run('node', [this.binary, ...args], { env: this.environment });
	}

	/** Plain-JSON credentials; n8n encrypts them with the instance's key on import. */
	async importCredentials(credentials) {
		const file = path.join(this.userFolder, 'import-credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		try {
			await this.n8n(['import:credentials', `--input=${file}`]);
		} finally {
			rmSync(file, { force: true });
		}
	}

	async importWorkflows(workflows) {
		const folder = path.join(this.userFolder, 'import-workflows');
		rmSync(folder, { recursive: true, force: true });
		mkdirSync(folder, { recursive: true });
		for (const workflow of workflows) writeFileSync(path.join(folder, `${workflow.id}.json`), JSON.stringify(workflow));
		try {
			await this.n8n(['import:workflow', '--separate', `--input=${folder}`]);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	}

	/**
	 * Runs a saved workflow from its manual trigger; answers n8n's run data. A run that stopped
	 * on an error is answered too (n8n prints it before exiting non-zero): runError() tells.
	 */
	async execute(workflowId) {
		const args = ['execute', `--id=${workflowId}`, '--rawOutput'];
		const result = await this.n8nProcess(args);
		try {
			return jsonAfterLogs(result.stdout);
		} catch {
			throw failure(args, result);
		}
	}

	/**
	 * Starts running a saved workflow as `execute` does, without waiting: answers a way to kill
	 * the n8n process (as a crash or an out-of-memory kill would) and its end.
	 */
	executeInBackground(workflowId) {
		const child = spawn('node', [this.binary, 'execute', `--id=${workflowId}`, '--rawOutput'], {
			env: this.environment,
			stdio: ['ignore', 'ignore', 'ignore'],
		});
		const ended = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
		return { kill: () => child.kill('SIGKILL'), ended };
	}

	/** The instance's SQLite database as n8n last wrote it: the file and its write-ahead log. */
	databaseBytes() {
		const database = path.join(this.userFolder, '.n8n', 'database.sqlite');
		return Buffer.concat([database, `${database}-wal`].filter((file) => existsSync(file)).map((file) => readFileSync(file)));
	}

	/** Starts the editor and REST API; resolves once n8n answers its health check and its REST API. */
	async start() {
		return await this.launch(['start'], () => this.answers());
	}

	/**
	 * Starts `n8n worker` (queue mode), which runs executions off the queue and serves no editor;
	 * resolves once its own health server, on `healthPort` (QUEUE_HEALTH_CHECK_PORT in the
	 * instance's environment), says it takes jobs.
	 */
	async startWorker({ concurrency, healthPort }) {
		return await this.launch(['worker', `--concurrency=${concurrency}`], async () => {
			const response = await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
			return response.ok;
		});
	}

	/** Runs `n8n <args>` as this instance's server, keeping what it prints, until `isReady`. */
	async launch(args, isReady) {
		this.server = spawn('node', [this.binary, ...args], { env: this.environment, stdio: ['ignore', 'pipe', 'pipe'] });
		this.serverOutputChunks = [];
		for (const stream of [this.server.stdout, this.server.stderr]) stream.on('data', (chunk) => this.serverOutputChunks.push(chunk));
		const deadline = Date.now() + STARTUP_TIMEOUT_MS;
		while (Date.now() < deadline) {
			if (this.hasExited) throw new Error(`n8n ${args[0]} exited during start:\n${this.serverOutput}`);
			try {
				if (await isReady()) return this;
			} catch {
				// Not listening yet.
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		await this.stop();
		throw new Error(`n8n ${args[0]} did not become ready in ${STARTUP_TIMEOUT_MS / 1000} s:\n${this.serverOutput}`);
	}

	/** A process killed by a signal has no exit code, only a signal code. */
	get hasExited() {
		return this.server.exitCode !== null || this.server.signalCode !== null;
	}

	/** All that the n8n of start() or startWorker() printed so far. */
	get serverOutput() {
		return Buffer.concat(this.serverOutputChunks ?? []).toString('utf8');
	}

	/** Resolves once the n8n of start() printed `text`: how it tells of steps after its REST API answers. */
	async printed(text) {
		const deadline = Date.now() + STARTUP_TIMEOUT_MS;
		while (!this.serverOutput.includes(text)) {
			if (this.hasExited || Date.now() > deadline) {
				throw new Error(`n8n did not print "${text}":\n${this.serverOutput}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}

	async answers() {
		// n8n 1.x reports readiness once its database is migrated, before its REST API is routed.
		for (const probe of ['/healthz/readiness', '/rest/settings']) {
			const response = await fetch(`${this.url}${probe}`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
			if (!response.ok) return false;
		}
		return true;
	}

	async stop() {
		if (!this.server || this.hasExited) return;
		const exited = new Promise((resolve) => this.server.once('exit', resolve));
		this.server.kill('SIGTERM');
		const forced = setTimeout(() => this.server.kill('SIGKILL'), 15_000);
		await exited;
		clearTimeout(forced);
	}
}
