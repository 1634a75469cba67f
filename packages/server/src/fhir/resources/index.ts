import { auditEventDef } from './audit-event';
import { carePlanDef } from './care-plan';
import { communicationDef } from './communication';
import { consentDef } from './consent';
import { deviceDef } from './device';
import { episodeOfCareDef } from './episode-of-care';
import { flagDef } from './flag';
import { observationDef } from './observation';
import { organizationDef } from './organization';
import { patientDef } from './patient';
import { planDefinitionDef } from './plan-definition';
import { practitionerDef } from './practitioner';
import { practitionerRoleDef } from './practitioner-role';
import { provenanceDef } from './provenance';
import { relatedPersonDef } from './related-person';
import type { ResourceDef } from './types';

/** Every resource type served by read and search from Hemma's tables; the CapabilityStatement is
 *  generated from this list and the routes registered under /fhir/R4. */
export const RESOURCES: ResourceDef[] = [
  patientDef,
  observationDef,
  flagDef,
  practitionerDef,
  practitionerRoleDef,
  organizationDef,
  episodeOfCareDef,
  planDefinitionDef,
  carePlanDef,
  relatedPersonDef,
  consentDef,
  communicationDef,
  deviceDef,
  provenanceDef,
  auditEventDef,
] as unknown as ResourceDef[];
