// Protocols (PlanDefinition) and care plans: the library, validation, merging and schedules.
export * from './fhir';
export * from './library';
export * from './merge';
export * from './plan';
export * from './schedule';
export type * from './types';
export * from './validate';
