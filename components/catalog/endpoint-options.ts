import { endpointStatuses, httpMethods } from '@/db/schema/catalog';
import { apiScopes } from '@/components/keys/key-vocabulary';
import type { EndpointFormOptions } from './endpoint-form-types';

// For server pages only (app/ may not import db/schema): handing the lists to the client forms as
// props keeps drizzle's table definitions out of the browser bundle.

export { endpointStatuses };

export const endpointFormOptions: EndpointFormOptions = { methods: httpMethods, scopes: apiScopes, statuses: endpointStatuses };
