// Lets every promise chain that can move on do so, without any time passing: a few turns of
// Node's event loop. Kept out of the .ts tests, which n8n's lint holds to a node's rules.
export async function settle() {
	for (let round = 0; round < 3; round++) await new Promise((resolve) => setImmediate(resolve));
}
