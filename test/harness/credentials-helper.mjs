// The harness's ICredentialsHelper: what n8n-core calls (through
// additionalData.credentialsHelper) to get a node's credential data and to apply the
// credential to an outgoing request. It follows n8n's CLI CredentialsHelper
// (packages/cli/src/credentials-helper.ts) for everything except storage: credential
// data comes from the test as plain objects instead of from the encrypted database.
import { workflowLib } from './runtime.mjs';

const { ICredentialsHelper, NodeHelpers, UnexpectedError, Workflow, isExpression } = workflowLib;

// A stand-in node for resolving expressions that belong to no workflow node, as the CLI
// does for credential data read outside an execution (e.g. by a poll).
const mockNode = {
	id: 'harness-mock',
	name: '',
	type: 'mock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const mockNodeTypes = {
	getByName: () => ({ description: { properties: [] } }),
	getByNameAndVersion: () => ({ description: { properties: [] } }),
	getKnownTypes: () => ({}),
};

export class HarnessCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {Record<string, object>} credentialTypes credential type name -> credential class instance
	 * @param {Record<string, object>} credentials credential type name -> plain credential data
	 */
	constructor(credentialTypes = {}, credentials = {}) {
		super();
		this.credentialTypes = credentialTypes;
		this.credentials = credentials;
		/** Every call to authenticate(), in order: { typeName, credentials, requestOptions } after applying. */
		this.authenticated = [];
		/** Data written back by preAuthentication (n8n persists it to the database). */
		this.updates = [];
		/** How often n8n-core asked for the credential: in the CLI, each is a database read and a decryption. */
		this.reads = 0;
	}

	getCredentialType(typeName) {
		const credentialType = this.credentialTypes[typeName];
		if (credentialType === undefined) {
			throw new UnexpectedError(`Unknown credential type "${typeName}" (not passed to the harness)`);
		}
		return credentialType;
	}

	getParentTypes(typeName) {
		const parents = [];
		const visit = (name) => {
			const extendsTypes = this.credentialTypes[name]?.extends ?? [];
			for (const parent of extendsTypes) {
				parents.push(parent);
				visit(parent);
			}
		};
		visit(typeName);
		return parents;
	}

	isCredentialUsableByNode(typeName, nodeType) {
		const credentialType = this.credentialTypes[typeName];
		if (!credentialType?.restrictToSupportedNodes) return true;
		const supported = credentialType.supportedNodes ?? [];
		const shortName = nodeType.split('.').pop();
		return supported.includes(nodeType) || supported.includes(shortName);
	}

	getCredentialsProperties(typeName) {
		const credentialType = this.getCredentialType(typeName);
		if (credentialType.extends === undefined) return credentialType.properties;
		const combined = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	/** Applies the credential to the request, as the CLI's CredentialsHelper.authenticate does. */
	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const credentialType = this.getCredentialType(typeName);
		const { authenticate } = credentialType;
		let result = requestOptions;

		if (typeof authenticate === 'function') {
			result = await authenticate(credentials, requestOptions);
		} else if (typeof authenticate === 'object' && authenticate !== null) {
			if (!workflow || !node) {
				throw new UnexpectedError('Workflow and node are required for declarative credential authentication');
			}
			requestOptions.headers ??= {};
			if (authenticate.type === 'generic') {
				const additionalKeys = { $credentials: credentials };
				for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
					for (const [key, value] of Object.entries(entries)) {
						const resolvedKey = this.resolveValue(key, additionalKeys, workflow, node);
						const resolvedValue = this.resolveValue(value, additionalKeys, workflow, node);
						requestOptions[outerKey] ??= {};
						requestOptions[outerKey][resolvedKey] = resolvedValue;
					}
				}
			}
		}

		this.authenticated.push({ typeName, credentials, requestOptions: result });
		return result;
	}

	resolveValue(value, additionalKeys, workflow, node) {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		return resolved ? resolved.toString() : '';
	}

	/**
	 * The CLI's preAuthentication: only for credential types with a hidden `expirable`
	 * property; calls the type's preAuthentication when that property is empty, the
	 * request came back expired (401), or the credential is being tested.
	 */
	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const credentialType = this.getCredentialType(typeName);
		const expirable = (credentialType.properties ?? []).find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable?.name === undefined || typeof credentialType.preAuthentication !== 'function') {
			return undefined;
		}
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (!(credentials[expirable.name] === '' || credentialsExpired || isTestingCredentials)) {
			return undefined;
		}
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		if (output?.[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			await this.updateCredentials(node.credentials[typeName], typeName, { ...credentials, ...output });
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(helpers, credentials, typeName) {
		const credentialType = this.getCredentialType(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		return (await credentialType.preAuthentication.call(helpers, credentials)) ?? undefined;
	}

	storedData(typeName) {
		const data = this.credentials[typeName];
		if (data === undefined) {
			throw new UnexpectedError(`No credential data of type "${typeName}" was passed to the harness`);
		}
		return structuredClone(data);
	}

	async getCredentials(nodeCredentials, typeName) {
		const data = this.storedData(typeName);
		return {
			id: nodeCredentials?.id ?? undefined,
			name: nodeCredentials?.name ?? typeName,
			type: typeName,
			getData: () => structuredClone(data),
			getDataToSave: () => ({ id: nodeCredentials?.id, name: nodeCredentials?.name, type: typeName, data: '' }),
			setData: () => {},
			updateData: () => {},
		};
	}

	/**
	 * Returns a fresh copy of the test's credential data with the type's defaults applied
	 * and expressions in it resolved, as the CLI's getDecrypted/applyDefaultsAndOverwrites.
	 */
	async getDecrypted(_additionalData, _nodeCredentials, typeName, mode, executeData, raw, expressionResolveValues) {
		this.reads++;
		const stored = this.storedData(typeName);
		if (raw === true) return stored;
		return this.applyDefaults(stored, typeName, mode, executeData, expressionResolveValues);
	}

	applyDefaults(stored, typeName, mode = 'internal', executeData, expressionResolveValues) {
		let data = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(typeName),
			stored,
			true,
			false,
			null,
			null,
		);
		if (stored.oauthTokenData !== undefined) data.oauthTokenData = stored.oauthTokenData;

		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			data = workflow.expression.getParameterValue(
				data,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				{},
				executeData,
				false,
				data,
			);
		} else {
			const workflow = new Workflow({
				nodes: [mockNode],
				connections: {},
				active: false,
				nodeTypes: mockNodeTypes,
			});
			data = workflow.expression.getComplexParameterValue(mockNode, data, mode, {}, undefined, undefined, data);
		}
		return data;
	}

	async updateCredentials(nodeCredentials, typeName, data) {
		this.credentials[typeName] = structuredClone(data);
		this.updates.push({ nodeCredentials, typeName, data });
	}

	async updateCredentialsOauthTokenData(nodeCredentials, typeName, data) {
		this.credentials[typeName] = { ...this.credentials[typeName], oauthTokenData: data.oauthTokenData };
		this.updates.push({ nodeCredentials, typeName, data });
	}
}
