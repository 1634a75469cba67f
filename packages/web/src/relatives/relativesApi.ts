// Relatives (närstående): the patient's grants, and the relative's choice of whom they act for.
import { request } from '../api';

export interface Permissions {
  canView: boolean;
  canRecord: boolean;
  canMessage: boolean;
}
export interface RelativeGrant extends Permissions {
  id: string;
  name: string;
  username: string;
  grantedAt: string;
}
export interface ProxyPatient extends Permissions {
  grantId: string;
  name: string;
}
export interface ActingFor extends Permissions {
  grantId: string;
  patientName: string;
}

export const relativesApi = {
  list: (signal?: AbortSignal) =>
    request<{ relatives: RelativeGrant[] }>('GET', '/api/patient/relatives', { signal }),
  grant: (body: { username: string } & Permissions) =>
    request<RelativeGrant>('POST', '/api/patient/relatives', { body }),
  revoke: (id: string) => request<void>('DELETE', `/api/patient/relatives/${encodeURIComponent(id)}`),
  patients: (signal?: AbortSignal) =>
    request<{ patients: ProxyPatient[] }>('GET', '/api/proxy/patients', { signal }),
  actingFor: (signal?: AbortSignal) =>
    request<{ actingFor: ActingFor | null }>('GET', '/api/proxy/acting-for', { signal }),
  actFor: (grantId: string) =>
    request<{ actingFor: ActingFor }>('PUT', '/api/proxy/acting-for', { body: { grantId } }),
  stopActing: () => request<void>('DELETE', '/api/proxy/acting-for'),
};
