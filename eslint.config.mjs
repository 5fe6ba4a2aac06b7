import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

// n8n's rules for community nodes, on the code the package ships. Test helpers and scripts
// are not shipped and may use Node's own APIs.
const shipped = ['nodes/**/*.ts', 'credentials/**/*.ts'];

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', '.runtime/**', 'coverage/**', 'artifacts/**'] },
	{
		files: shipped,
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
	},
	{ ...n8nCommunityNodesPlugin.configs.recommended, files: shipped },
	{
		files: ['package.json'],
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Written for n8n's own docs slugs; a community credential links to its API's docs.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These predate NodeConnectionTypes, which the community rules require; n8n's node CLI turns them off too.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
];
