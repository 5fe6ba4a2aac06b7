// The shipped code's layers point one way: node files → actions (operations, router, list
// searches, the trigger's events) → Gradient calls (api/) and item plumbing (shared/) →
// transport/ → tuning.ts. This reads the real import graph, so a new import that points back
// up, sideways between api/ and shared/, or into a cycle fails here.
interface ImportGraphModule {
	importGraph(): Map<string, string[]>;
	sourceText(file: string): string;
}

let graph: Map<string, string[]>;
let sourceText: (file: string) => string;

beforeAll(async () => {
	const module = (await import('./importGraph.mjs' as string)) as ImportGraphModule;
	graph = module.importGraph();
	sourceText = module.sourceText;
});

/** A file's layer: higher layers may import lower ones, and their own folder. */
function layerOf(file: string): { rank: number; folder: string } {
	const layers: Array<[RegExp, number, string]> = [
		[/^nodes\/[^/]+\/[^/]+\.node\.ts$/, 5, 'node'],
		[/^credentials\//, 5, 'credentials'],
		[/^nodes\/Gradient\/actions\//, 4, 'actions'],
		[/^nodes\/Gradient\/methods\//, 4, 'methods'],
		[/^nodes\/GradientTrigger\//, 4, 'trigger'],
		[/^nodes\/Gradient\/api\//, 3, 'api'],
		[/^nodes\/Gradient\/shared\//, 3, 'shared'],
		[/^nodes\/Gradient\/transport\//, 2, 'transport'],
		[/^nodes\/Gradient\/tuning\.ts$/, 1, 'tuning'],
	];
	const layer = layers.find(([pattern]) => pattern.test(file));
	if (!layer) throw new Error(`${file} is in no layer: give its folder one in this test`);
	return { rank: layer[1], folder: layer[2] };
}

describe('the import graph of nodes/ and credentials/', () => {
	it('puts every file in a layer and has every import point down, or within its own folder', () => {
		const upwardOrSideways: string[] = [];
		for (const [file, imports] of graph) {
			const from = layerOf(file);
			for (const imported of imports) {
				const to = layerOf(imported);
				const allowed = to.rank < from.rank || to.folder === from.folder || (from.folder === 'node' && to.rank < 5);
				if (!allowed) upwardOrSideways.push(`${file} → ${imported}`);
			}
		}
		expect(upwardOrSideways).toEqual([]);
	});

	it('keeps the trigger out of the action node’s actions', () => {
		const triggerToActions = [...graph].flatMap(([file, imports]) =>
			file.startsWith('nodes/GradientTrigger/') ? imports.filter((imported) => imported.startsWith('nodes/Gradient/actions/')) : [],
		);
		expect(triggerToActions).toEqual([]);
	});

	it('has no cycle', () => {
		const cycles: string[] = [];
		const state = new Map<string, 'visiting' | 'done'>();
		const visit = (file: string, trail: string[]) => {
			if (state.get(file) === 'done') return;
			if (state.get(file) === 'visiting') {
				cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
				return;
			}
			state.set(file, 'visiting');
			for (const imported of graph.get(file) ?? []) visit(imported, [...trail, file]);
			state.set(file, 'done');
		};
		for (const file of graph.keys()) visit(file, []);
		expect(cycles).toEqual([]);
	});

	// Constant lookup tables are fine; variables and empty collections to be filled are run state.
	it('keeps no run state at module level: a run’s state lives in the objects the run creates', () => {
		const moduleState = [...graph.keys()].flatMap((file) =>
			sourceText(file)
				.split('\n')
				.filter((line) => /^((export )?(let|var) |(export )?const \w+(: [^=]+)? = new (WeakMap|WeakSet|(Map|Set)(<[^(]*>)?\(\)))/.test(line))
				.map((line) => `${file}: ${line.trim()}`),
		);
		expect(moduleState).toEqual([]);
	});
});
