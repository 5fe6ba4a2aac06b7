import type { IDataObject } from 'n8n-workflow';

/** A vendor-level service as Gradient returns it; `id` is the serviceId for unit counts. */
export interface VendorSku extends IDataObject {
	id: string;
	name: string;
	description?: string;
	category?: string;
	subcategory?: string;
	supportArticle?: string;
	supportContact?: string;
}

export interface VendorData extends IDataObject {
	id: string;
	name: string;
	skus: VendorSku[];
}

/** Gradient wraps some answers as { status, message, data }. */
export interface Envelope<T> {
	status: number;
	message: string;
	data: T;
}

export interface IntegrationData extends IDataObject {
	organizationId: string;
	name: string;
	status: string;
	lastSyncedAt: string;
}

/** An account or a partner service: the vendor's own record, mapped (or not) by the MSP. */
export interface MappableRecord extends IDataObject {
	/** The vendor's own ID for the record. */
	id: string;
	/** Gradient's own ID, where its answer gives one. */
	_id?: string;
	name: string;
	description?: string;
	isMapped?: boolean;
	mappingId?: string | null;
}
