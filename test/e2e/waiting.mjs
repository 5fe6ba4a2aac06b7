// Waiting for something a real n8n does in its own time (a scheduled poll, a count landing):
// timers are kept out of the .ts tests, which n8n's lint holds to a node's rules.

/** Polls `read` every `pollMs` until it answers something other than undefined; fails after `deadlineMs`. */
export async function eventually(what, read, deadlineMs, pollMs = 1_000) {
	const deadline = Date.now() + deadlineMs;
	for (;;) {
		const value = read();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, pollMs));
	}
}
