import { createServer } from 'node:net';

// The kernel may hand the same free port to two calls in a row; servers are started after all
// their ports are chosen, so one process must never be given a port twice.
const handedOut = new Set();

/** A port nothing listens on right now and not yet given to this process, for a server started next. */
export async function freePort() {
	for (;;) {
		const server = createServer();
		await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address();
		await new Promise((resolve) => server.close(resolve));
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
}
