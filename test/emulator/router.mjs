// Path matching for the vendor API and the admin surface: Express-style `:param` segments, an
// optional trailing slash (Express's default non-strict routing), and nothing more.
import { badRequest } from './errors.mjs';

function compilePath(path) {
	const source = path
		.split('/')
		.map((segment) =>
			segment.startsWith(':') ? `(?<${segment.slice(1)}>[^/]+)` : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
		)
		.join('/');
	return new RegExp(`^${source}/?$`);
}

function decodeParams(groups = {}) {
	try {
		return Object.fromEntries(Object.entries(groups).map(([name, value]) => [name, decodeURIComponent(value)]));
	} catch {
		throw badRequest('Failed to decode param');
	}
}

/**
 * @param {{ method: string, path: string, handle: Function }[]} routes
 * @returns {(method: string, pathname: string) => { route: object, params: Record<string, string> } | undefined}
 */
export function createRouter(routes) {
	const compiled = routes.map((route) => ({ route, pattern: compilePath(route.path) }));
	return (method, pathname) => {
		for (const { route, pattern } of compiled) {
			const match = route.method === method && pattern.exec(pathname);
			if (match) return { route, params: decodeParams(match.groups) };
		}
		return undefined;
	};
}
