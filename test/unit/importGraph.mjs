// Reads the import graph of the code the package ships, for the layering test. Plain files and
// regular expressions: the shipped code imports with `import ... from '<relative path>'` only.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const IMPORT = /^(?:import|export)\b[^'"]*?\bfrom\s+'([^']+)'/gm;

function sourceFiles(folder) {
	return readdirSync(path.join(repositoryRoot, folder), { recursive: true })
		.filter((file) => file.endsWith('.ts'))
		.map((file) => path.posix.join(folder, file.split(path.sep).join('/')));
}

function resolveImport(fromFile, specifier) {
	const base = path.posix.join(path.posix.dirname(fromFile), specifier);
	const candidate = [`${base}.ts`, `${base}/index.ts`].find((file) => existsSync(path.join(repositoryRoot, file)));
	if (!candidate) throw new Error(`${fromFile} imports ${specifier}, which resolves to no file`);
	return candidate;
}

/** Each shipped source file (repository-relative) → the source files it imports. */
export function importGraph() {
	const graph = new Map();
	for (const file of [...sourceFiles('nodes'), ...sourceFiles('credentials')]) {
		const text = readFileSync(path.join(repositoryRoot, file), 'utf8');
		const imports = [...text.matchAll(IMPORT)].map((match) => match[1]).filter((specifier) => specifier.startsWith('.'));
		graph.set(file, imports.map((specifier) => resolveImport(file, specifier)));
	}
	return graph;
}

/** The text of a shipped source file. */
export function sourceText(file) {
	return readFileSync(path.join(repositoryRoot, file), 'utf8');
}
