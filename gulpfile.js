const { rmSync } = require('fs');
const { src, dest } = require('gulp');

// A fresh dist/ every build: nothing left over from an older build may ship.
async function clean() {
	rmSync('dist', { recursive: true, force: true });
}

// tsc compiles the TypeScript; n8n also needs each node's icons and codex file beside it.
function copyNodeAssets() {
	return src(['nodes/**/*.{svg,png}', 'nodes/**/*.node.json', 'credentials/**/*.{svg,png}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.clean = clean;
exports['build:assets'] = copyNodeAssets;
