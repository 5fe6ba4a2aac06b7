// The test-only control surface under /__emulator: no auth, never part of Gradient's API. It plays
// the parts that happen in Synthesize's UI (mapping, disconnecting, PSA ticket outcomes) and
// exposes what the emulator saw.

export const ADMIN_PREFIX = '/__emulator';

const route = (method, path, handle) => ({ method, path: `${ADMIN_PREFIX}${path}`, handle });
const ok = (body) => ({ status: 200, body });

/** Admin routes; each handler gets { emulator, params, body } and returns { status, body }. */
export const adminRoutes = [
	route('GET', '/state', ({ emulator }) => ok(emulator.state())),
	route('GET', '/journal', ({ emulator }) => ok(emulator.journal().entries())),
	route('DELETE', '/journal', ({ emulator }) => {
		emulator.journal().clear();
		return { status: 204 };
	}),
	route('GET', '/stats', ({ emulator }) => ok(emulator.stats().view())),
	route('POST', '/reset', ({ emulator, body }) => ok(emulator.reset(body))),
	route('POST', '/seed', ({ emulator, body }) => ok(emulator.mergeSeed(body))),
	route('POST', '/map', ({ emulator, body }) => ok(emulator.map(body))),
	route('POST', '/disconnect', ({ emulator, body }) => ok(emulator.disconnect(body))),
	route('POST', '/alerts/:messageId', ({ emulator, params, body }) =>
		ok(emulator.advanceAlert(params.messageId, body)),
	),
	route('POST', '/forbid', ({ emulator, body }) => ok(emulator.forbid(body))),
	route('POST', '/config', ({ emulator, body }) => ok(emulator.configure(body))),
	route('POST', '/script', ({ emulator, body }) => ok(emulator.appendScript(body))),
];
