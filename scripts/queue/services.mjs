// The two servers n8n's queue mode needs beside n8n, each a throwaway instance of Debian's own
// package on 127.0.0.1: PostgreSQL (the database every n8n process shares) and Redis (the
// queue). Never the system-wide services: their data and ports belong to someone else.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const POSTGRES_VERSIONS_FOLDER = '/usr/lib/postgresql';
const REDIS_SERVER = '/usr/bin/redis-server';
const DEBIAN_PACKAGES = { postgres: 'postgresql', redis: 'redis-server' };
// PostgreSQL refuses to run as root; Debian's package creates this user for its own cluster.
const POSTGRES_SYSTEM_USER = 'postgres';
const DATABASE_USER = 'n8n';
const READY_TIMEOUT_MS = 30_000;
const READY_POLL_MS = 200;
const STOP_TIMEOUT_MS = 15_000;

function newestPostgresBinaries() {
	if (!existsSync(POSTGRES_VERSIONS_FOLDER)) return undefined;
	const versions = readdirSync(POSTGRES_VERSIONS_FOLDER)
		.filter((version) => existsSync(path.join(POSTGRES_VERSIONS_FOLDER, version, 'bin', 'postgres')))
		.sort((left, right) => Number(right) - Number(left));
	return versions.length ? path.join(POSTGRES_VERSIONS_FOLDER, versions[0], 'bin') : undefined;
}

function missingPackages() {
	return [
		...(newestPostgresBinaries() ? [] : [DEBIAN_PACKAGES.postgres]),
		...(existsSync(REDIS_SERVER) ? [] : [DEBIAN_PACKAGES.redis]),
	];
}

function asRoot(command) {
	return process.getuid() === 0 ? command : ['sudo', ...command];
}

function runOrThrow([command, ...args], environment = process.env) {
	const result = spawnSync(command, args, { env: environment, stdio: ['ignore', 'ignore', 'inherit'] });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

/**
 * Installs what is missing of Debian's postgresql and redis-server packages; answers what it
 * installed and how long that took. On a machine without systemd, Debian's policy-rc.d keeps
 * the packages' own services from starting; elsewhere they start on their default ports, which
 * the instances below never use.
 */
export function ensureDebianPackages() {
	const packages = missingPackages();
	if (packages.length === 0) return { packages, seconds: 0 };
	console.error(`[queue] installing ${packages.join(', ')} with apt-get`);
	const startedAt = Date.now();
	const environment = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	runOrThrow(asRoot(['apt-get', 'update', '-qq']), environment);
	runOrThrow(asRoot(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]), environment);
	const stillMissing = missingPackages();
	if (stillMissing.length) throw new Error(`apt-get did not provide ${stillMissing.join(', ')}`);
	return { packages, seconds: (Date.now() - startedAt) / 1000 };
}

/** A child process with its output kept in memory, for the error that tells why it stopped. */
function startServer(command, args, options = {}) {
	const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const output = [];
	for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => output.push(chunk));
	const exited = new Promise((resolve) => child.once('exit', resolve));
	return { child, exited, output: () => Buffer.concat(output).toString('utf8') };
}

/** `signal` to the server's process group; SIGKILL when it takes too long. */
async function stopServer({ child, exited }, signal) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	process.kill(-child.pid, signal);
	const forced = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), STOP_TIMEOUT_MS);
	await exited;
	clearTimeout(forced);
}

async function waitUntil(server, name, isReady) {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (server.child.exitCode !== null) throw new Error(`${name} exited during start:\n${server.output()}`);
		if (await isReady()) return;
		await delay(READY_POLL_MS);
	}
	throw new Error(`${name} did not become ready in ${READY_TIMEOUT_MS / 1000} s:\n${server.output()}`);
}

function postgresSystemUser() {
	const entry = spawnSync('getent', ['passwd', POSTGRES_SYSTEM_USER], { encoding: 'utf8' });
	if (entry.status !== 0) throw new Error(`no system user "${POSTGRES_SYSTEM_USER}" to run PostgreSQL as root`);
	const [, , uid, gid] = entry.stdout.trim().split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A PostgreSQL cluster in a temporary folder, listening on 127.0.0.1:`port` only (no Unix
 * socket), with one password-protected superuser whose password is drawn for this run. Its
 * stop, and its folder's removal, go to `teardown` as soon as there is something to undo.
 */
export async function startPostgres(port, teardown) {
	const binaries = newestPostgresBinaries();
	const owner = process.getuid() === 0 ? postgresSystemUser() : {};
	const dataFolder = mkdtempSync(path.join(os.tmpdir(), 'gradient-queue-postgres-'));
	teardown.add('the PostgreSQL folder', () => rmSync(dataFolder, { recursive: true, force: true }));
	if (owner.uid !== undefined) chownSync(dataFolder, owner.uid, owner.gid);
	const password = randomBytes(18).toString('base64url');
	const passwordFile = path.join(dataFolder, 'initial-password');
	writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
	if (owner.uid !== undefined) chownSync(passwordFile, owner.uid, owner.gid);
	const initialized = spawnSync(
		path.join(binaries, 'initdb'),
		['--pgdata', path.join(dataFolder, 'data'), '--username', DATABASE_USER, '--pwfile', passwordFile, '--auth', 'scram-sha-256', '--no-sync'],
		{ ...owner, cwd: dataFolder, encoding: 'utf8' },
	);
	rmSync(passwordFile);
	if (initialized.status !== 0) throw new Error(`initdb failed:\n${initialized.stderr}`);

	// fsync off (and initdb's --no-sync): a database thrown away after the test needs no durability.
	const server = startServer(
		path.join(binaries, 'postgres'),
		['-D', path.join(dataFolder, 'data'), '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
		{ ...owner, cwd: dataFolder },
	);
	// SIGINT is PostgreSQL's fast shutdown: sessions ended, nothing to keep anyway.
	teardown.add('PostgreSQL', () => stopServer(server, 'SIGINT'));
	const connection = { host: '127.0.0.1', port, user: DATABASE_USER, password };
	const psql = (database, sql) =>
		new Promise((resolve, reject) => {
			// Asynchronous: the Gradient emulator answers n8n from this same process meanwhile.
			execFile(
				path.join(binaries, 'psql'),
				['-h', connection.host, '-p', String(port), '-U', DATABASE_USER, '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql],
				{ env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '5' }, maxBuffer: 64 * 1024 * 1024 },
				(error, stdout, stderr) => (error ? reject(new Error(`psql failed: ${stderr || error.message}`)) : resolve(stdout)),
			);
		});
	await waitUntil(server, 'PostgreSQL', async () => {
		try {
			await psql('postgres', 'SELECT 1');
			return true;
		} catch {
			return false;
		}
	});
	return {
		connection,
		async createDatabase(name) {
			await psql('postgres', `CREATE DATABASE "${name}"`);
		},
		/** Rows of a query answering one JSON value per row. */
		async jsonRows(database, sql) {
			return (await psql(database, sql))
				.split('\n')
				.filter((line) => line !== '')
				.map((line) => JSON.parse(line));
		},
	};
}

function redisAnswersPing(port) {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
		socket.setTimeout(READY_POLL_MS * 5, () => socket.destroy());
		socket.once('data', (chunk) => {
			resolve(chunk.toString('utf8').startsWith('+PONG'));
			socket.end();
		});
		socket.once('error', () => resolve(false));
		socket.once('close', () => resolve(false));
	});
}

/** A Redis that keeps everything in memory, on 127.0.0.1:`port` only; its stop goes to `teardown`. */
export async function startRedis(port, teardown) {
	const workingFolder = mkdtempSync(path.join(os.tmpdir(), 'gradient-queue-redis-'));
	teardown.add('the Redis folder', () => rmSync(workingFolder, { recursive: true, force: true }));
	const server = startServer(
		REDIS_SERVER,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', workingFolder, '--daemonize', 'no'],
		{ cwd: workingFolder },
	);
	teardown.add('Redis', () => stopServer(server, 'SIGTERM'));
	await waitUntil(server, 'Redis', () => redisAnswersPing(port));
	return { connection: { host: '127.0.0.1', port } };
}
