// Deterministic Gradient-side ids. Gradient's ids are read as 24-hex Mongo ObjectIds
// (docs/gradient-api.md §4, §9 U9); here they come from a counter so that a given seed and request
// sequence always yields the same ids (tests can compare runs), while looking like the real thing
// to clients that check the format.

// A fixed "timestamp" head (an ObjectId's first 4 bytes), so ids sort in creation order.
const OBJECT_ID_HEAD = '6650c0de';

export function createIdFactory() {
	let counter = 0;
	return {
		objectId() {
			counter += 1;
			return OBJECT_ID_HEAD + counter.toString(16).padStart(16, '0');
		},
	};
}
