// Switches between readings of Gradient's API where Gradient is silent (docs/gradient-api.md §9).
// The node and this emulator were written from the same reading, so a wrong reading would pass
// every test; each switch plays one alternative so a client can be tested against it too.
import { assertObject } from './validation.mjs';

/** Each switch's values; the first is the default, the reading the emulator takes otherwise. */
export const READING_VALUES = {
	// U1: PATCH /service/{id} has no published body or answer and is missing from the 2026 spec.
	patchService: ['applies', 'ignored', 'unrouted'],
	// U2: the SDK's sync template sends an organization service's `_id`, not its vendor `id`.
	partnerServiceCountId: ['id', '_id'],
	// U3: `isMapped` comes from the 2023 SDK commit, `mappingId` from the 2026 spec only.
	mappingFields: ['isMappedAndMappingId', 'mappingIdOnly', 'isMappedOnly', 'none'],
	// U3: the list filters are not on Gradient's reference pages.
	returnUnmappedFilter: ['applies', 'ignored'],
	idsFilter: ['applies', 'ignored'],
	// U4: the SDK types the clients as strings.
	clientElements: ['objects', 'idStrings', 'nameStrings'],
	// U5: GET organization/services is in the 2023 SDK only.
	partnerServiceList: ['served', 'unrouted'],
	// U6: Gradient's page calls the description required; how strictly is not said.
	partnerServiceDescription: ['mayBeEmpty', 'notEmpty'],
	// U7: the reference pages list 404 "Vendor Profile Not Found" without saying when.
	unknownVendorKey: ['unauthorized', 'vendorProfileNotFound'],
};

export const DEFAULT_READINGS = Object.fromEntries(
	Object.entries(READING_VALUES).map(([name, values]) => [name, values[0]]),
);

const READINGS_SCHEMA = Object.fromEntries(
	Object.entries(READING_VALUES).map(([name, values]) => [name, { type: 'string', oneOf: values }]),
);

/**
 * Validates a `readings` option and returns the whole set: switches left out take their
 * default, so a configuration never depends on the readings set before it.
 */
export function normalizeReadings(readings) {
	assertObject(readings ?? {}, READINGS_SCHEMA, 'readings');
	const chosen = Object.entries(readings ?? {}).filter(([, value]) => value !== undefined && value !== null);
	return { ...DEFAULT_READINGS, ...Object.fromEntries(chosen) };
}

/**
 * `--reading name=value` flags of the CLI as a `readings` option; the values are checked when
 * the emulator starts, like every other option.
 */
export function readingsFromFlags(flags = []) {
	return Object.fromEntries(
		flags.map((flag) => {
			const separator = flag.indexOf('=');
			if (separator <= 0) throw new Error(`--reading takes name=value, got "${flag}"`);
			return [flag.slice(0, separator), flag.slice(separator + 1)];
		}),
	);
}
