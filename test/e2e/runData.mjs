// Reading what `n8n execute --rawOutput` prints: a workflow run (IRun) with its run data.

function resultData(run) {
	const data = run?.data?.resultData ?? run?.resultData;
	if (!data) throw new Error('not an n8n run: no resultData');
	return data;
}

/** The JSON of every item a node put on its first output, in its last run. */
export function nodeItems(run, nodeName) {
	const runs = resultData(run).runData?.[nodeName];
	if (!runs?.length) throw new Error(`node "${nodeName}" did not run`);
	const last = runs[runs.length - 1];
	if (last.error) throw new Error(`node "${nodeName}" failed: ${last.error.message}`);
	return (last.data?.main?.[0] ?? []).map((item) => item.json);
}

/** The items of the node that ran last: a workflow's result. */
export function lastNodeItems(run) {
	return nodeItems(run, resultData(run).lastNodeExecuted);
}

/** The error that stopped the run, if any. */
export function runError(run) {
	return resultData(run).error;
}
