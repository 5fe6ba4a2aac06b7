import type { INodePropertyOptions } from 'n8n-workflow';

/** Gradient's service categories, exactly as its API expects them (case-sensitive). */
export const SERVICE_CATEGORIES = [
	'security',
	'backup',
	'productivity',
	'infrastructure',
	'service delivery',
	'consulting',
	'other',
] as const;

/**
 * Gradient's service subcategories, exactly as its API expects them, including its own
 * spelling "priviledged". No pairing rule with categories is documented, so none is enforced.
 */
export const SERVICE_SUBCATEGORIES = [
	'endpoint detection and response (EDR)',
	'email security',
	'virtual private network services (VPN)',
	'DNS filtering',
	'dark web monitoring',
	'password management',
	'single sign on (SSO)',
	'priviledged access and identity management (PAM/PIM)',
	'security information and event management (SIEM)',
	'mobile device management (MDM)',
	'application security',
	'mobile application management (MAM)',
	'multi factor authentication (MFA)',
	'cloud backup',
	'local backup',
	'desktop backup',
	'data archiving',
	'physical offsite storage',
	'business continuity',
	'hosted email',
	'video conferencing',
	'voice over IP services (VOIP)',
	'line of business application support',
	'unified communications as a service (UCaaS)',
	'customer relationship management',
	'cloud storage',
	'website hosting',
	'hardware as a service (HaaS)',
	'managed print services',
	'virtual desktop infrastructure (VDI)',
	'virtual server hosting',
	'infrastructure as a service (IaaS)',
	'end user support',
	'server management and support',
	'network management and support',
	'printer management and support',
	'desktop management and support',
	'hosted security operations centre (SOC)',
	'software development',
	'penetration testing',
	'project services',
	'governance and compliance',
	'business intelligence services / analytics',
	'phishing simulation',
	'privacy and security awareness training',
	'other',
] as const;

export const INTEGRATION_STATUSES = ['inactive', 'pending', 'active'] as const;

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

export function asOptions(values: readonly string[]): INodePropertyOptions[] {
	return values.map((value) => ({ name: capitalize(value), value }));
}
