import type { EndpointStatus } from '@/db/schema/catalog';

// The endpoint form's props, in their own module so that the form's parts can name them without importing the form.

export interface EndpointFormValues {
  id: string;
  method: string;
  path: string;
  description: string;
  requiredScope: string | null;
  status: EndpointStatus;
  sunsetAt: string | null;
  source: 'openapi' | 'manual';
}

export interface EndpointFormOptions {
  methods: readonly string[];
  scopes: readonly string[];
  statuses: readonly EndpointStatus[];
}
