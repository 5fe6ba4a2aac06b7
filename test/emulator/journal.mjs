// What the emulator saw: a bounded journal of vendor API requests and running counters. Entries
// hold no header values at all, only whether GRADIENT-TOKEN was present, so no key can leak.

/** Keeps the newest `limit` entries; a limit of 0 keeps none. */
export function createJournal(limit) {
	let entries = [];
	let sequence = 0;
	return {
		record(entry) {
			if (limit === 0) return;
			sequence += 1;
			entries.push({ seq: sequence, ...entry });
			if (entries.length > limit) entries.shift();
		},
		entries: () => [...entries],
		clear() {
			entries = [];
		},
	};
}

export function createStats() {
	const counters = { requests: 0, byStatus: {}, resets: 0, rateLimited: 0, maxConcurrent: 0 };
	let inFlight = 0;
	return {
		requestStarted() {
			inFlight += 1;
			counters.requests += 1;
			counters.maxConcurrent = Math.max(counters.maxConcurrent, inFlight);
		},
		/** `status` is what the client received: null when the socket was destroyed instead. */
		requestFinished({ status, reset, rateLimited }) {
			inFlight -= 1;
			if (status !== null) counters.byStatus[status] = (counters.byStatus[status] ?? 0) + 1;
			if (reset) counters.resets += 1;
			if (rateLimited) counters.rateLimited += 1;
		},
		view: () => ({ ...counters, byStatus: { ...counters.byStatus } }),
	};
}
