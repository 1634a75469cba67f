// Administration API (docs/api.md, "Administration").
import { request } from '../api';

export type OrganisationKind = 'region' | 'municipality';
export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
}
export interface Unit {
  id: string;
  name: string;
  hsaId: string | null;
  organisation: Organisation;
}
export interface StaffMember {
  id: string;
  username: string;
  displayName: string;
  role: string;
  hsaId: string | null;
  disabled: boolean;
  secondFactor: boolean;
  units: { id: string; name: string }[];
}
export interface StaffInput {
  displayName: string;
  role: string;
  hsaId: string | null;
  unitIds: string[];
  password?: string;
  disabled?: boolean;
}
export interface Client {
  clientId: string;
  name: string;
  scopes: string[];
  unitIds: string[];
  disabled: boolean;
  createdAt: string;
}
export interface ClientInput {
  name: string;
  scopes: string[];
  unitIds: string[];
  disabled?: boolean;
}

const enc = encodeURIComponent;

export const adminApi = {
  organisations: (signal?: AbortSignal) =>
    request<{ organisations: Organisation[] }>('GET', '/api/admin/organisations', { signal }),
  addOrganisation: (body: { name: string; kind: OrganisationKind }) =>
    request<Organisation>('POST', '/api/admin/organisations', { body }),
  units: (signal?: AbortSignal) => request<{ units: Unit[] }>('GET', '/api/admin/units', { signal }),
  saveUnit: (id: string | null, body: { name: string; hsaId: string | null; organisationId: string }) =>
    id
      ? request<Unit>('PUT', `/api/admin/units/${enc(id)}`, { body })
      : request<Unit>('POST', '/api/admin/units', { body }),
  staff: (signal?: AbortSignal) => request<{ staff: StaffMember[] }>('GET', '/api/admin/staff', { signal }),
  saveStaff: (id: string | null, body: StaffInput & { username?: string }) =>
    id
      ? request<StaffMember>('PUT', `/api/admin/staff/${enc(id)}`, { body })
      : request<StaffMember>('POST', '/api/admin/staff', { body }),
  clients: (signal?: AbortSignal) => request<{ clients: Client[] }>('GET', '/api/admin/clients', { signal }),
  addClient: (body: ClientInput) =>
    request<{ client: Client; clientSecret: string }>('POST', '/api/admin/clients', { body }),
  saveClient: (clientId: string, body: ClientInput) =>
    request<Client>('PUT', `/api/admin/clients/${enc(clientId)}`, { body }),
  newSecret: (clientId: string) =>
    request<{ clientSecret: string }>('POST', `/api/admin/clients/${enc(clientId)}/secret`),
};
