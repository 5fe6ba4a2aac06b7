import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

export type ItemFailure = NodeApiError | NodeOperationError;

/**
 * What to do when one item fails in a call that serves many: answer the error to report with
 * that item and go on, or throw it to stop the run. Whether the node continues on fail is the
 * action's choice; the calls here only apply it.
 */
export type FailurePolicy = (error: unknown) => ItemFailure;
