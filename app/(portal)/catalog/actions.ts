'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { defineAction } from '@/lib/actions/define-action';
import { createApiSpec, createEndpointSpec, deleteEndpointSpec, updateApiSpec, updateEndpointSpec } from '@/lib/catalog/manage-catalog';

// An endpoint's status shows on the catalog, its API's page and, for the portal's own API, the reference.
function revalidateEndpoint(endpoint: { id: string; apiId: string }) {
  revalidatePath('/catalog');
  revalidatePath(`/catalog/apis/${endpoint.apiId}`);
  revalidatePath(`/catalog/endpoints/${endpoint.id}`);
  revalidatePath('/reference');
}

export const createApi = defineAction(createApiSpec, {
  after(api) {
    revalidatePath('/catalog');
    // A new API has no endpoints yet: its page is where they are added.
    redirect(`/catalog/apis/${api.id}?created=1#add-endpoint`);
  },
});

export const updateApi = defineAction(updateApiSpec, {
  after(api) {
    revalidatePath('/catalog');
    revalidatePath(`/catalog/apis/${api.id}`);
  },
});

export const createEndpoint = defineAction(createEndpointSpec, {
  after(endpoint) {
    revalidateEndpoint(endpoint);
  },
});

export const updateEndpoint = defineAction(updateEndpointSpec, {
  after(endpoint) {
    revalidateEndpoint(endpoint);
  },
});

export const deleteEndpoint = defineAction(deleteEndpointSpec, {
  after(endpoint) {
    revalidateEndpoint(endpoint);
    // Its edit page is gone with it.
    redirect(`/catalog/apis/${endpoint.apiId}?deleted=1`);
  },
});
