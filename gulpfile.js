const { src, dest } = require('gulp');

// tsc compiles the TypeScript; n8n also needs each node's icons and codex file beside it.
function copyNodeAssets() {
	return src(['nodes/**/*.{svg,png}', 'nodes/**/*.node.json', 'credentials/**/*.{svg,png}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:assets'] = copyNodeAssets;
