// Serves the rows a workflow's HTTP Request node reads, as a vendor's own database or API would:
// the test sets them between runs, so one workflow (and so one node memory) sees several nights.
import { createServer } from 'node:http';

export async function startRowsServer() {
	let rows = [];
	const server = createServer((request, response) => {
		response.writeHead(200, { 'content-type': 'application/json' });
		response.end(JSON.stringify(rows));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}/rows`,
		setRows(next) {
			rows = next;
		},
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}
